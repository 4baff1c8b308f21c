using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Sluice.Operators.Clustering;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Search;

/// <summary>
/// An inverted-file index over a datastore's vectors: unit centroids from spherical k-means and, per centroid, the
/// rows nearest to it (a posting list, rows ascending). A search scores the query against the centroids, then
/// exactly against the rows of the <c>nprobe</c> best lists. Scores equal exact search's bit for bit, so IVF hits are
/// exact hits whenever the probed lists hold them. The vectors stay in the <see cref="PassageIndex"/>; this holds
/// only centroids and row numbers. Immutable; safe to search from many threads.
/// </summary>
public sealed class IvfIndex
{
    /// <summary>The folder beside a datastore's shards that holds its index (ignored by shard readers: it starts with '_').</summary>
    public const string Folder = "_ivf";

    private const string CentroidsKey = Folder + "/centroids.arrow";
    private const string ListsKey = Folder + "/lists.arrow";

    private readonly float[] _centroids;
    private readonly int[] _offsets;
    private readonly int[] _rows;

    private IvfIndex(int dimension, int vectorCount, float[] centroids, int[] offsets, int[] rows, string fingerprint)
    {
        Dimension = dimension;
        VectorCount = vectorCount;
        _centroids = centroids;
        _offsets = offsets;
        _rows = rows;
        Fingerprint = fingerprint;
    }

    /// <summary>Floats per vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of posting lists (centroids).</summary>
    public int Lists => _offsets.Length - 1;

    /// <summary>Rows indexed: the vector count of the datastore it was built from.</summary>
    public int VectorCount { get; }

    /// <summary>The <see cref="PassageIndex.Fingerprint"/> of the datastore it was built from (empty when unknown).</summary>
    public string Fingerprint { get; }

    /// <summary>The centroids, row-major [<see cref="Lists"/> × <see cref="Dimension"/>].</summary>
    public ReadOnlyMemory<float> Centroids => _centroids;

    /// <summary>The rows in list <paramref name="list"/>, ascending.</summary>
    public ReadOnlySpan<int> RowsOf(int list) => _rows.AsSpan(_offsets[list], _offsets[list + 1] - _offsets[list]);

    /// <summary>Builds an index over <paramref name="index"/>'s vectors (which should be unit length: k-means is spherical).</summary>
    public static IvfIndex Build(PassageIndex index, IvfOptions? options = null, CancellationToken ct = default) =>
        Build(index.Vectors, index.Dimension, options, index.Fingerprint, ct);

    /// <summary>Builds an index over a row-major matrix.</summary>
    /// <param name="vectors">Row-major [n × <paramref name="dimension"/>]; n ≥ 1.</param>
    /// <param name="dimension">Floats per row.</param>
    /// <param name="options">Clustering settings; default <see cref="IvfOptions"/> defaults.</param>
    /// <param name="fingerprint">Identifies the data, checked by <see cref="LoadAsync(string, CancellationToken)"/>; default empty.</param>
    /// <param name="ct">Cancels between k-means iterations and search work items.</param>
    /// <exception cref="ArgumentException">The matrix is empty or not whole rows.</exception>
    public static IvfIndex Build(ReadOnlyMemory<float> vectors, int dimension, IvfOptions? options = null, string fingerprint = "",
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length == 0 || vectors.Length % dimension != 0)
            throw new ArgumentException($"need a non-empty matrix of whole {dimension}-float rows, got {vectors.Length} floats", nameof(vectors));
        options ??= new IvfOptions();
        options.Validate();
        int n = vectors.Length / dimension;
        int lists = Math.Clamp(options.Lists > 0 ? options.Lists : (int)Math.Round(Math.Sqrt(n)), 1, n);
        var centroids = TrainCentroids(vectors, dimension, lists, options, ct);
        var assigned = InnerProductSearch.Search(centroids, dimension, vectors, 1,
            new ExactSearchOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, ct).Rows;
        return FromAssignment(dimension, centroids, assigned, fingerprint);
    }

    /// <summary>
    /// Approximate top-<paramref name="k"/> for each query: exact scores over the rows of the <paramref name="nprobe"/>
    /// lists whose centroids score highest. Hits are ordered as <see cref="InnerProductSearch"/> orders them.
    /// </summary>
    /// <param name="vectors">The matrix the index was built over.</param>
    /// <param name="queries">Row-major [q × <see cref="Dimension"/>].</param>
    /// <param name="k">Hits per query; at least 1. A result holds min(k, n); places the probed lists cannot fill hold row -1.</param>
    /// <param name="nprobe">Lists scanned per query; clamped to [1, <see cref="Lists"/>].</param>
    /// <param name="maxDegreeOfParallelism">Threads used at most; default all cores.</param>
    /// <param name="ct">Cancels the search.</param>
    /// <exception cref="ArgumentException"><paramref name="vectors"/> is not the indexed matrix's size.</exception>
    public TopKResult Search(ReadOnlyMemory<float> vectors, ReadOnlyMemory<float> queries, int k, int nprobe,
        int? maxDegreeOfParallelism = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (vectors.Length != (long)VectorCount * Dimension)
            throw new ArgumentException($"the index covers {VectorCount} × {Dimension} floats, the matrix has {vectors.Length}", nameof(vectors));
        if (queries.Length % Dimension != 0)
            throw new ArgumentException($"query matrix length {queries.Length} is not a multiple of dimension {Dimension}", nameof(queries));
        int d = Dimension, qn = queries.Length / d, kOut = Math.Min(k, VectorCount);
        nprobe = Math.Clamp(nprobe, 1, Lists);
        int threads = maxDegreeOfParallelism ?? Environment.ProcessorCount;
        var probes = InnerProductSearch.Search(_centroids, d, queries, nprobe,
            new ExactSearchOptions { MaxDegreeOfParallelism = threads }, ct);
        var rows = new int[qn * kOut];
        var scores = new float[rows.Length];
        const int chunk = 16;
        Parallel.For(0, (qn + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, c =>
        {
            var heaps = new TopKHeaps(chunk, kOut);
            int q0 = c * chunk, qm = Math.Min(chunk, qn - q0);
            var all = vectors.Span;
            for (int a = 0; a < qm; a++)
            {
                var query = queries.Span.Slice((q0 + a) * d, d);
                foreach (int list in probes.RowsOf(q0 + a))
                {
                    if (list < 0) continue;
                    float threshold = heaps.Threshold(a);
                    foreach (int row in RowsOf(list))
                    {
                        float score = DotKernel.Dot(query, all.Slice(row * d, d), d);
                        if (score < threshold) continue;
                        heaps.Push(a, score, row);
                        threshold = heaps.Threshold(a);
                    }
                }
            }
            heaps.CopySorted(kOut, qm, rows.AsSpan(q0 * kOut, qm * kOut), scores.AsSpan(q0 * kOut, qm * kOut));
        });
        return new TopKResult(qn, kOut, rows, scores);
    }

    /// <summary>Writes the index to <c>_ivf/</c> under <paramref name="datastoreUri"/>: <c>lists.arrow</c> (columns
    /// <c>list</c>, <c>row</c>; int32, sorted) and then <c>centroids.arrow</c> (column <c>centroid</c>, fixed-size list of
    /// float32; schema metadata holds dimension, rows and fingerprint). The centroids file is written last, so an
    /// interrupted save leaves no loadable index.</summary>
    public async Task SaveAsync(string datastoreUri, CancellationToken ct = default)
    {
        using var store = ObjectStores.Open(datastoreUri.TrimEnd('/'));
        // Drop the old commit marker first: lists and centroids of two different builds must never pair up.
        if (await store.StatAsync(CentroidsKey, ct) is not null) await store.DeleteAsync(CentroidsKey, ct);
        var listIds = new int[_rows.Length];
        for (int l = 0; l < Lists; l++) listIds.AsSpan(_offsets[l], _offsets[l + 1] - _offsets[l]).Fill(l);
        var postings = new RecordBatch(
            new Schema.Builder().Field(f => f.Name("list").DataType(Int32Type.Default).Nullable(false))
                .Field(f => f.Name("row").DataType(Int32Type.Default).Nullable(false)).Build(),
            [new Int32Array.Builder().AppendRange(listIds).Build(), new Int32Array.Builder().AppendRange(_rows).Build()], _rows.Length);
        await store.PutAsync(ListsKey, await ToArrowFileAsync(postings, ct), ct: ct);

        var itemField = new Field("item", FloatType.Default, false);
        var listType = new FixedSizeListType(itemField, Dimension);
        var metadata = new Dictionary<string, string>
        {
            ["dimension"] = Dimension.ToString(CultureInfo.InvariantCulture),
            ["rows"] = VectorCount.ToString(CultureInfo.InvariantCulture),
            ["fingerprint"] = Fingerprint,
        };
        var values = new FloatArray.Builder().AppendRange(_centroids).Build();
        var centroids = new RecordBatch(
            new Schema.Builder().Field(f => f.Name("centroid").DataType(listType).Nullable(false)).Metadata(metadata).Build(),
            [new FixedSizeListArray(listType, Lists, values, ArrowBuffer.Empty, 0)], Lists);
        await store.PutAsync(CentroidsKey, await ToArrowFileAsync(centroids, ct), ct: ct);
    }

    /// <summary>
    /// Loads the index saved beside <paramref name="index"/>'s datastore, or returns null when there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">The saved index was built over different data (fingerprint, row count or
    /// dimension differ: rebuild it) or is corrupt.</exception>
    public static async Task<IvfIndex?> LoadAsync(PassageIndex index, CancellationToken ct = default)
    {
        var ivf = await LoadAsync(index.Uri, ct);
        if (ivf is null) return null;
        if (ivf.VectorCount != index.Count || ivf.Dimension != index.Dimension || (ivf.Fingerprint.Length > 0 && ivf.Fingerprint != index.Fingerprint))
            throw new InvalidDataException($"{ObjectStores.Join(index.Uri, Folder)} was built over other data ({ivf.VectorCount} × {ivf.Dimension}, fingerprint {ivf.Fingerprint[..Math.Min(12, ivf.Fingerprint.Length)]}); the datastore holds {index.Count} × {index.Dimension}, fingerprint {index.Fingerprint[..12]}: rebuild the index");
        return ivf;
    }

    /// <summary>Loads the index under <paramref name="datastoreUri"/>'s <c>_ivf/</c>, or null when there is none; nothing is checked against the data.</summary>
    /// <exception cref="InvalidDataException">The files are corrupt or disagree with each other.</exception>
    public static async Task<IvfIndex?> LoadAsync(string datastoreUri, CancellationToken ct = default)
    {
        using var store = ObjectStores.Open(datastoreUri.TrimEnd('/'));
        if (await store.StatAsync(CentroidsKey, ct) is not { } centroidsInfo) return null;
        var listsInfo = await store.StatAsync(ListsKey, ct) ?? throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, ListsKey)} is missing");

        float[] centroids = [];
        int d = 0, rowsCount = 0;
        string fingerprint = "";
        await ReadAsync(new InputFile(store, centroidsInfo), batch =>
        {
            var meta = batch.Schema.Metadata ?? new Dictionary<string, string>();
            d = int.Parse(meta.GetValueOrDefault("dimension") ?? throw new InvalidDataException("no 'dimension' in the schema metadata"), CultureInfo.InvariantCulture);
            rowsCount = int.Parse(meta.GetValueOrDefault("rows") ?? throw new InvalidDataException("no 'rows' in the schema metadata"), CultureInfo.InvariantCulture);
            fingerprint = meta.GetValueOrDefault("fingerprint") ?? "";
            var column = batch.Column(0) as FixedSizeListArray ?? throw new InvalidDataException("column 0 is not a fixed-size list");
            var values = (FloatArray)column.Values;
            centroids = [.. centroids, .. values.Values.Slice(column.Offset * d, batch.Length * d)];
        }, ct);
        int lists = centroids.Length / Math.Max(1, d);

        var listIds = new List<int>();
        var rows = new List<int>();
        await ReadAsync(new InputFile(store, listsInfo), batch =>
        {
            listIds.AddRange(((Int32Array)batch.Column(batch.Schema.GetFieldIndex("list"))).Values);
            rows.AddRange(((Int32Array)batch.Column(batch.Schema.GetFieldIndex("row"))).Values);
        }, ct);
        return FromAssignmentSorted(d, rowsCount, centroids, lists, listIds, rows, fingerprint);
    }

    private static IvfIndex FromAssignment(int d, float[] centroids, int[] assigned, string fingerprint)
    {
        int lists = centroids.Length / d;
        var offsets = new int[lists + 1];
        foreach (int c in assigned) offsets[c + 1]++;
        for (int l = 0; l < lists; l++) offsets[l + 1] += offsets[l];
        var rows = new int[assigned.Length];
        var next = offsets[..lists];
        // Rows are visited in order, so each list comes out ascending.
        for (int r = 0; r < assigned.Length; r++) rows[next[assigned[r]]++] = r;
        return new IvfIndex(d, assigned.Length, centroids, offsets, rows, fingerprint);
    }

    private static IvfIndex FromAssignmentSorted(int d, int vectorCount, float[] centroids, int lists, List<int> listIds, List<int> rows, string fingerprint)
    {
        if (rows.Count != vectorCount)
            throw new InvalidDataException($"the posting lists hold {rows.Count} rows, the centroids file says {vectorCount}");
        var offsets = new int[lists + 1];
        for (int i = 0; i < listIds.Count; i++)
        {
            int l = listIds[i];
            if ((uint)l >= (uint)lists || (i > 0 && l < listIds[i - 1]) || (uint)rows[i] >= (uint)vectorCount)
                throw new InvalidDataException($"posting entry {i} (list {l}, row {rows[i]}) is out of range or out of order");
            offsets[l + 1]++;
        }
        for (int l = 0; l < lists; l++) offsets[l + 1] += offsets[l];
        return new IvfIndex(d, vectorCount, centroids, offsets, [.. rows], fingerprint);
    }

    private static async Task<byte[]> ToArrowFileAsync(RecordBatch batch, CancellationToken ct)
    {
        using var memory = new MemoryStream();
        using (var writer = new ArrowFileWriter(memory, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, ct);
            await writer.WriteEndAsync(ct);
        }
        return memory.ToArray();
    }

    private static async Task ReadAsync(InputFile file, Action<RecordBatch> each, CancellationToken ct)
    {
        try
        {
            await using var stream = await SeekableInput.OpenAsync(file, ct);
            await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream, ct: ct))
                using (batch) each(batch);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
        }
    }

    // Spherical k-means (the one CosineKMeans) on a seeded sample of Lists × TrainingRowsPerList rows, started from
    // random sample points as FAISS's IVF training is: deterministic by seed whatever the thread count.
    private static float[] TrainCentroids(ReadOnlyMemory<float> vectors, int d, int lists, IvfOptions options, CancellationToken ct)
    {
        int n = vectors.Length / d;
        var sample = Sample(n, (int)Math.Min(n, (long)lists * options.TrainingRowsPerList), new Random(options.Seed));
        var points = new float[(long)sample.Length * d];
        var all = vectors.Span;
        for (int i = 0; i < sample.Length; i++) all.Slice(sample[i] * d, d).CopyTo(points.AsSpan(i * d, d));
        var kmeans = new CosineKMeansOptions
        {
            Clusters = lists, Iterations = options.Iterations, Seed = options.Seed, Init = CosineKMeansInit.Random,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1,
        };
        return CosineKMeans.Fit(points, d, kmeans, ct).Centroids;
    }

    // A uniform sample of `size` row indices without replacement (partial Fisher-Yates), in ascending order.
    private static int[] Sample(int n, int size, Random random)
    {
        if (size >= n) return Enumerable.Range(0, n).ToArray();
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var sample = all[..size];
        System.Array.Sort(sample);
        return sample;
    }
}
