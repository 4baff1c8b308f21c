using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Search;

/// <summary>
/// A passage datastore loaded into memory for search: passage ids, document ids, optionally texts, and every vector
/// in one contiguous row-major [<see cref="Count"/> × <see cref="Dimension"/>] matrix. Row numbers follow the
/// manifest's shard order, then row order within each shard. Immutable once loaded; safe to search from many threads.
/// </summary>
public sealed class PassageIndex
{
    private readonly float[] _vectors;

    private PassageIndex(string uri, float[] vectors, int count, int dimension, string[] ids, string[] docIds, string[]? texts,
        IReadOnlyDictionary<string, string> metadata, string fingerprint)
    {
        Uri = uri;
        _vectors = vectors;
        Count = count;
        Dimension = dimension;
        Ids = ids;
        DocIds = docIds;
        Texts = texts;
        Metadata = metadata;
        Fingerprint = fingerprint;
    }

    /// <summary>Where it was loaded from (empty for <see cref="FromMatrix"/>).</summary>
    public string Uri { get; }

    /// <summary>Number of passages (rows).</summary>
    public int Count { get; }

    /// <summary>Floats per vector.</summary>
    public int Dimension { get; }

    /// <summary>The vectors, row-major, <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public ReadOnlyMemory<float> Vectors => _vectors.AsMemory(0, Count * Dimension);

    /// <summary>Passage ids by row.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Document ids by row.</summary>
    public IReadOnlyList<string> DocIds { get; }

    /// <summary>Passage texts by row, or null when loaded without them.</summary>
    public IReadOnlyList<string>? Texts { get; }

    /// <summary>The dataset manifest's metadata (model, dimension, normalized, ...); empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Hex SHA-256 over the shard keys, sizes and checksums: changes when the datastore's content changes.</summary>
    public string Fingerprint { get; }

    /// <summary>Row <paramref name="row"/>'s vector.</summary>
    public ReadOnlyMemory<float> VectorOf(int row) => _vectors.AsMemory(row * Dimension, Dimension);

    /// <summary>
    /// Loads every shard of a datastore (a dataset folder with <c>_manifest.json</c>, or any folder, glob or file of
    /// Arrow IPC shards that <see cref="InputResolver"/> accepts).
    /// </summary>
    /// <param name="uri">Local path, <c>file://</c> or <c>s3://</c> URI.</param>
    /// <param name="options">Columns to read; default <see cref="PassageIndexOptions"/> defaults.</param>
    /// <param name="ct">Cancels the load.</param>
    /// <exception cref="FileNotFoundException">Nothing is found at <paramref name="uri"/>.</exception>
    /// <exception cref="InvalidDataException">A shard lacks a column, has a different vector dimension than the
    /// first shard or the manifest, or is corrupt; the message names the shard.</exception>
    public static async Task<PassageIndex> LoadAsync(string uri, PassageIndexOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PassageIndexOptions();
        var manifest = await ReadManifestAsync(uri, ct);
        var files = await InputResolver.ResolveAsync(uri, ct);
        var metadata = manifest?.Metadata ?? new Dictionary<string, string>();
        int? declared = metadata.TryGetValue("dimension", out var dim) && int.TryParse(dim, out var dv) ? dv : null;
        long expectedRows = manifest?.Rows ?? 0;

        var loader = new Loader(options, declared, expectedRows);
        foreach (var file in files)
        {
            try
            {
                await using var stream = await SeekableInput.OpenAsync(file, ct);
                await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream, ct: ct))
                    using (batch) loader.Add(batch);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
            }
        }
        var fingerprint = ComputeFingerprint(files, manifest);
        return new PassageIndex(uri, loader.Vectors, loader.Count, loader.Dimension ?? declared ?? 0,
            [.. loader.Ids], [.. loader.DocIds], loader.Texts is null ? null : [.. loader.Texts], metadata, fingerprint);
    }

    /// <summary>
    /// The <see cref="Fingerprint"/> a <see cref="LoadAsync"/> of <paramref name="uri"/> would report, from the manifest
    /// and the shard listing alone: no shard is read, so side indexes can be checked against a large datastore cheaply.
    /// </summary>
    public static async Task<string> ComputeFingerprintAsync(string uri, CancellationToken ct = default)
    {
        var manifest = await ReadManifestAsync(uri, ct);
        var files = await InputResolver.ResolveAsync(uri, ct);
        return ComputeFingerprint(files, manifest);
    }

    /// <summary>An index over vectors already in memory (tests, benchmarks); the matrix is used, not copied.</summary>
    /// <exception cref="ArgumentException">Lengths disagree.</exception>
    public static PassageIndex FromMatrix(float[] vectors, int dimension, IReadOnlyList<string> ids, IReadOnlyList<string> docIds,
        IReadOnlyList<string>? texts = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length % dimension != 0) throw new ArgumentException($"matrix length {vectors.Length} is not a multiple of {dimension}", nameof(vectors));
        int n = vectors.Length / dimension;
        if (ids.Count != n || docIds.Count != n || (texts is not null && texts.Count != n))
            throw new ArgumentException($"{n} vectors need {n} ids, doc ids and texts; got {ids.Count}, {docIds.Count}, {texts?.Count}");
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{n}x{dimension}:{string.Join('\n', ids)}")));
        return new PassageIndex("", vectors, n, dimension, [.. ids], [.. docIds], texts is null ? null : [.. texts],
            metadata ?? new Dictionary<string, string>(), fingerprint);
    }

    /// <summary>
    /// Throws unless the manifest says the vectors come from <paramref name="model"/> with <paramref name="dimension"/>
    /// floats; a datastore without a <c>model</c> entry is accepted when its vectors have that dimension.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model or dimension differs; the message names both.</exception>
    public void EnsureEmbeddingModel(string model, int dimension)
    {
        if (Metadata.TryGetValue("model", out var stored) && !string.IsNullOrEmpty(stored) && !SameModel(stored, model))
            throw new InvalidOperationException($"{Describe()} was embedded with '{stored}', but queries are embedded with '{model}'; scores between different models mean nothing");
        if (Count > 0 && Dimension != dimension)
            throw new InvalidOperationException($"{Describe()} holds {Dimension}-dimensional vectors, but {model} produces {dimension}");
    }

    /// <summary>Exact top-<paramref name="k"/> passages for each row of <paramref name="queries"/> (row-major, <see cref="Dimension"/> wide).</summary>
    /// <exception cref="ArgumentException">The query matrix is not a whole number of rows.</exception>
    public IReadOnlyList<IReadOnlyList<SearchHit>> Search(ReadOnlyMemory<float> queries, int k, ExactSearchOptions? options = null, CancellationToken ct = default) =>
        ToHits(InnerProductSearch.Search(Vectors, Dimension, queries, k, options, ct));

    /// <summary>Turns row results into hits with ids; empty places (row -1) are dropped.</summary>
    public IReadOnlyList<IReadOnlyList<SearchHit>> ToHits(TopKResult result)
    {
        var hits = new IReadOnlyList<SearchHit>[result.Queries];
        for (int q = 0; q < result.Queries; q++)
        {
            var rows = result.RowsOf(q);
            var scores = result.ScoresOf(q);
            var list = new List<SearchHit>(rows.Length);
            for (int i = 0; i < rows.Length; i++)
                if (rows[i] >= 0) list.Add(new SearchHit(rows[i], Ids[rows[i]], DocIds[rows[i]], scores[i]));
            hits[q] = list;
        }
        return hits;
    }

    private string Describe() => Uri.Length > 0 ? $"datastore {Uri}" : "the datastore";

    // Hugging Face ids are compared without the organisation ("all-MiniLM-L6-v2" names the same model).
    internal static bool SameModel(string a, string b) =>
        string.Equals(a[(a.LastIndexOf('/') + 1)..], b[(b.LastIndexOf('/') + 1)..], StringComparison.OrdinalIgnoreCase);

    internal static async Task<DatasetManifest?> ReadManifestAsync(string uri, CancellationToken ct)
    {
        if (uri.IndexOfAny(['*', '?']) >= 0) return null;
        using var folder = ObjectStores.Open(uri.TrimEnd('/'));
        if (await folder.StatAsync(RunLayout.DatasetManifestKey, ct) is null) return null;
        await using var stream = await folder.OpenReadAsync(RunLayout.DatasetManifestKey, ct);
        return await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, SluiceJson.Options, ct);
    }

    private static string ComputeFingerprint(IReadOnlyList<InputFile> files, DatasetManifest? manifest)
    {
        var sums = manifest?.Shards.ToDictionary(s => s.Key, s => s.Sha256) ?? [];
        var text = string.Join('\n', files.Select(f => $"{f.Info.Key}|{f.Info.Size}|{sums.GetValueOrDefault(f.Info.Key)}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Appends record batches' columns; the matrix is sized from the manifest's row count when known.</summary>
    private sealed class Loader(PassageIndexOptions options, int? declaredDimension, long expectedRows)
    {
        public float[] Vectors = [];
        public int Count;
        public int? Dimension;
        public readonly List<string> Ids = new((int)Math.Min(expectedRows, int.MaxValue));
        public readonly List<string> DocIds = new((int)Math.Min(expectedRows, int.MaxValue));
        public readonly List<string>? Texts = options.IncludeTexts ? new((int)Math.Min(expectedRows, int.MaxValue)) : null;
        private float[] _halfBuffer = [];

        public void Add(RecordBatch batch)
        {
            var ids = Column<StringArray>(batch, options.IdColumn);
            var docIds = Column<StringArray>(batch, options.DocIdColumn);
            var texts = Texts is null ? null : Column<StringArray>(batch, options.TextColumn);
            var vectors = Column<IArrowArray>(batch, options.EmbeddingColumn);
            int n = batch.Length;
            for (int i = 0; i < n; i++)
            {
                Ids.Add(ids.GetString(i) ?? throw new InvalidDataException($"row {Count + i}: {options.IdColumn} is null"));
                DocIds.Add(docIds.GetString(i) ?? "");
                Texts?.Add(texts!.GetString(i) ?? "");
            }
            var values = VectorColumn.Read(vectors, n, options.EmbeddingColumn, Count, out int d);
            Append(values.Slice(0, n * d, ref _halfBuffer), d, n);
        }

        private void Append(ReadOnlySpan<float> span, int d, int n)
        {
            if (n == 0) return;
            if (Dimension is null)
            {
                if (declaredDimension is { } declared && declared != d)
                    throw new InvalidDataException($"vectors have {d} dimensions, the manifest declares {declared}");
                Dimension = d;
                Vectors = new float[Math.Min(System.Array.MaxLength / d * d, Math.Max(expectedRows, n) * d)];
            }
            else if (d != Dimension) throw new InvalidDataException($"vectors have {d} dimensions, earlier shards have {Dimension}");
            long need = (long)(Count + n) * d;
            if (need > System.Array.MaxLength) throw new InvalidDataException($"more than {System.Array.MaxLength / d:N0} vectors of {d} floats do not fit one in-memory matrix");
            if (need > Vectors.Length) System.Array.Resize(ref Vectors, (int)Math.Min(System.Array.MaxLength, Math.Max(need, 2L * Vectors.Length)));
            span.CopyTo(Vectors.AsSpan(Count * d));
            Count += n;
        }

        private static TArray Column<TArray>(RecordBatch batch, string name) where TArray : class, IArrowArray
        {
            int index = batch.Schema.GetFieldIndex(name);
            if (index < 0) throw new InvalidDataException($"column '{name}' is missing (columns: {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))})");
            return batch.Column(index) as TArray ?? throw new InvalidDataException($"column '{name}' is {batch.Column(index).Data.DataType.Name}, not {typeof(TArray).Name}");
        }
    }
}
