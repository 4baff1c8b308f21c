using Apache.Arrow;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Search;

/// <summary>
/// Exact maximum-inner-product search that streams a datastore instead of loading it: shards are scanned in
/// parallel, record batch by record batch, each thread keeping its own running top-k per query, and the per-shard
/// results are merged once at the end. Memory holds about <see cref="ShardedSearchOptions.MaxDegreeOfParallelism"/>
/// record batches plus k hits per query per thread, whatever the store's size. Rows are numbered as
/// <see cref="PassageIndex"/> numbers them (shard order, then row order) and scored by the same kernel, so
/// without a per-document cap the hits equal <see cref="PassageIndex.Search"/>'s: same passages, order and scores.
/// Shards may hold float32 or float16 vectors; float16 is widened to float32 batch by batch.
/// </summary>
public sealed class ShardedSearch
{
    private readonly IReadOnlyList<InputFile> _files;

    private ShardedSearch(string uri, IReadOnlyList<InputFile> files, IReadOnlyDictionary<string, string> metadata)
    {
        Uri = uri;
        _files = files;
        Metadata = metadata;
    }

    /// <summary>Where the datastore is.</summary>
    public string Uri { get; }

    /// <summary>The dataset manifest's metadata (model, dimension, vector_dtype, ...); empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Number of shards, scanned in this order.</summary>
    public int Shards => _files.Count;

    /// <summary>Total bytes of the shards.</summary>
    public long Bytes => _files.Sum(f => f.Info.Size);

    /// <summary>
    /// Finds a datastore's shards (a dataset folder with <c>_manifest.json</c>, or any folder, glob or file of Arrow
    /// IPC shards that <see cref="InputResolver"/> accepts) without reading them.
    /// </summary>
    /// <param name="uri">Local path, <c>file://</c> or <c>s3://</c> URI.</param>
    /// <param name="ct">Cancels the listing.</param>
    /// <exception cref="FileNotFoundException">Nothing is found at <paramref name="uri"/>.</exception>
    public static async Task<ShardedSearch> OpenAsync(string uri, CancellationToken ct = default)
    {
        var manifest = await PassageIndex.ReadManifestAsync(uri, ct);
        var files = await InputResolver.ResolveAsync(uri, ct);
        return new ShardedSearch(uri, files, manifest?.Metadata ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// Throws unless the manifest says the vectors come from <paramref name="model"/> with <paramref name="dimension"/>
    /// floats; a manifest without these entries is accepted (the scan checks every batch's dimension).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model or dimension differs; the message names both.</exception>
    public void EnsureEmbeddingModel(string model, int dimension)
    {
        if (Metadata.TryGetValue("model", out var stored) && !string.IsNullOrEmpty(stored) && !PassageIndex.SameModel(stored, model))
            throw new InvalidOperationException($"datastore {Uri} was embedded with '{stored}', but queries are embedded with '{model}'; scores between different models mean nothing");
        if (Metadata.TryGetValue("dimension", out var dim) && int.TryParse(dim, out var d) && d != dimension)
            throw new InvalidOperationException($"datastore {Uri} holds {d}-dimensional vectors, but {model} produces {dimension}");
    }

    /// <summary>Exact top-<paramref name="k"/> passages for each row of <paramref name="queries"/>.</summary>
    /// <param name="queries">Row-major [q × <paramref name="dimension"/>] matrix.</param>
    /// <param name="dimension">Floats per vector; every shard must have it.</param>
    /// <param name="k">Hits per query; at least 1. Fewer come back when the store (or the cap) allows fewer.</param>
    /// <param name="options">Cap per document, parallelism, texts; default <see cref="ShardedSearchOptions"/> defaults.</param>
    /// <param name="ct">Cancels between record batches.</param>
    /// <returns>Hits per query, best first; ties go to the lower row and NaN scores are never returned.</returns>
    /// <exception cref="ArgumentException">The query matrix is not a whole number of rows.</exception>
    /// <exception cref="InvalidDataException">A shard lacks a column, has another dimension or is corrupt; the message names the shard.</exception>
    public async Task<IReadOnlyList<IReadOnlyList<SearchHit>>> SearchAsync(ReadOnlyMemory<float> queries, int dimension, int k,
        ShardedSearchOptions? options = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (queries.Length % dimension != 0) throw new ArgumentException($"query matrix length {queries.Length} is not a multiple of dimension {dimension}", nameof(queries));
        options ??= new ShardedSearchOptions();
        options.Validate();

        int qn = queries.Length / dimension;
        int cap = options.MaxPerDocument ?? k;
        var perShard = new PassageTopK[_files.Count];
        var rows = new long[_files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, _files.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = ct },
            async (shard, token) =>
            {
                var scan = new ShardScan(queries, qn, dimension, new PassageTopK(qn, k, cap), options, (long)shard << 32);
                var file = _files[shard];
                try
                {
                    await using var stream = await SeekableInput.OpenAsync(file, token);
                    await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream, ct: token))
                        using (batch) scan.Add(batch);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
                }
                perShard[shard] = scan.TopK;
                rows[shard] = scan.Rows;
            });

        // Merged in shard order; the result does not depend on it (the order is total), but the work is the same every run.
        var total = new PassageTopK(qn, k, cap);
        foreach (var part in perShard) total.MergeFrom(part);
        var firstRow = new long[_files.Count];
        for (int s = 1; s < firstRow.Length; s++) firstRow[s] = firstRow[s - 1] + rows[s - 1];
        if (_files.Count > 0 && firstRow[^1] + rows[^1] > int.MaxValue)
            throw new InvalidDataException($"{firstRow[^1] + rows[^1]:N0} rows are more than a hit's row number can hold");
        int RowOf(long key) => (int)(firstRow[key >> 32] + (key & uint.MaxValue));
        var hits = new IReadOnlyList<SearchHit>[qn];
        for (int q = 0; q < qn; q++) hits[q] = total.Hits(q, RowOf);
        return hits;
    }

    /// <summary>One shard's scan: scores each record batch against every query, block by block, into its own top-k.</summary>
    private sealed class ShardScan(ReadOnlyMemory<float> queries, int qn, int d, PassageTopK topK, ShardedSearchOptions options, long keyBase)
    {
        private readonly int _qBlock = Math.Min(options.QueryBlock, Math.Max(qn, 1));
        private readonly int _vBlock = Math.Max(1, options.VectorBlockBytes / (d * sizeof(float)));
        private float[] _scratch = [];
        // One block of float16 vectors widened just before it is scored, so it is scored from cache.
        private float[] _halves = [];

        public PassageTopK TopK => topK;

        public long Rows { get; private set; }

        public void Add(RecordBatch batch)
        {
            var columns = options.Columns;
            var ids = Column<StringArray>(batch, columns.IdColumn);
            var docIds = Column<StringArray>(batch, columns.DocIdColumn);
            var texts = options.IncludeTexts ? Column<StringArray>(batch, columns.TextColumn) : null;
            int n = batch.Length;
            var vectors = VectorColumn.Read(Column<IArrowArray>(batch, columns.EmbeddingColumn), n, columns.EmbeddingColumn, Rows, out int dimension);
            if (n > 0 && dimension != d) throw new InvalidDataException($"vectors have {dimension} dimensions, the queries have {d}");
            if (Rows + n > uint.MaxValue) throw new InvalidDataException($"a shard holds more than {uint.MaxValue:N0} rows");
            if (_scratch.Length < _qBlock * _vBlock) _scratch = new float[_qBlock * _vBlock];
            var all = queries.Span;
            for (int v0 = 0; v0 < n; v0 += _vBlock)
            {
                int vn = Math.Min(_vBlock, n - v0);
                var block = vectors.Slice(v0 * d, vn * d, ref _halves);
                for (int q0 = 0; q0 < qn; q0 += _qBlock)
                {
                    int qm = Math.Min(_qBlock, qn - q0);
                    var scores = _scratch.AsSpan(0, qm * vn);
                    DotKernel.Tile(all.Slice(q0 * d, qm * d), qm, block, vn, d, scores);
                    for (int a = 0; a < qm; a++)
                    {
                        var row = scores.Slice(a * vn, vn);
                        float threshold = topK.Threshold(q0 + a);
                        for (int b = 0; b < row.Length; b++)
                        {
                            // Equal scores still go in: the top-k settles ties by row.
                            if (row[b] < threshold) continue;
                            topK.Offer(q0 + a, row[b], keyBase + Rows + v0 + b, ids, docIds, texts, v0 + b);
                            threshold = topK.Threshold(q0 + a);
                        }
                    }
                }
            }
            Rows += n;
        }

        private static TArray Column<TArray>(RecordBatch batch, string name) where TArray : class, IArrowArray
        {
            int index = batch.Schema.GetFieldIndex(name);
            if (index < 0) throw new InvalidDataException($"column '{name}' is missing (columns: {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))})");
            return batch.Column(index) as TArray ?? throw new InvalidDataException($"column '{name}' is {batch.Column(index).Data.DataType.Name}, not {typeof(TArray).Name}");
        }
    }
}
