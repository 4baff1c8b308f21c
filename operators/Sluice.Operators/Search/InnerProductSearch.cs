namespace Sluice.Operators.Search;

/// <summary>
/// Exact maximum-inner-product search over a row-major float matrix: every query is scored against every row.
/// Cache-blocked (a block of queries against an L2-sized block of rows, in SIMD register tiles), parallel over
/// (row block × query chunk) work items with per-thread bounded heaps merged at the end. Results are deterministic:
/// the same for any thread count or block size, ties broken by the lower row.
/// </summary>
public static class InnerProductSearch
{
    /// <summary>The <paramref name="k"/> highest-scoring rows of <paramref name="vectors"/> for each query.</summary>
    /// <param name="vectors">Row-major [n × <paramref name="dimension"/>] matrix.</param>
    /// <param name="dimension">Floats per row; at least 1.</param>
    /// <param name="queries">Row-major [q × <paramref name="dimension"/>] matrix.</param>
    /// <param name="k">Hits per query; at least 1. A result holds min(k, n).</param>
    /// <param name="options">Work splitting; default <see cref="ExactSearchOptions"/> defaults.</param>
    /// <param name="ct">Cancels between work items.</param>
    /// <returns>Hits per query; rows scoring NaN are never returned (their places hold row -1, score -∞).</returns>
    /// <exception cref="ArgumentException">A matrix length is not a multiple of <paramref name="dimension"/>.</exception>
    public static TopKResult Search(ReadOnlyMemory<float> vectors, int dimension, ReadOnlyMemory<float> queries, int k,
        ExactSearchOptions? options = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (vectors.Length % dimension != 0) throw new ArgumentException($"vector matrix length {vectors.Length} is not a multiple of dimension {dimension}", nameof(vectors));
        if (queries.Length % dimension != 0) throw new ArgumentException($"query matrix length {queries.Length} is not a multiple of dimension {dimension}", nameof(queries));
        options ??= new ExactSearchOptions();
        options.Validate();

        int n = vectors.Length / dimension, qn = queries.Length / dimension, kOut = Math.Min(k, n);
        var heaps = Run(vectors, n, queries, qn, dimension, kOut, options, ct);
        var rows = new int[qn * kOut];
        var scores = new float[rows.Length];
        heaps.CopySorted(kOut, qn, rows, scores);
        return new TopKResult(qn, kOut, rows, scores);
    }

    private static TopKHeaps Run(ReadOnlyMemory<float> vectors, int n, ReadOnlyMemory<float> queries, int qn, int d, int k,
        ExactSearchOptions options, CancellationToken ct)
    {
        var total = new TopKHeaps(qn, k);
        if (n == 0 || qn == 0 || k == 0) return total;
        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        int vBlock = Math.Clamp(options.VectorBlockBytes / (d * sizeof(float)), 1, n);
        int qBlock = Math.Min(options.QueryBlock, qn);
        int vBlocks = (n + vBlock - 1) / vBlock;
        int qBlocks = (qn + qBlock - 1) / qBlock;
        // Few row blocks (a small store) would leave threads idle, so queries are also split into chunks then.
        int qChunks = Math.Min(qBlocks, Math.Max(1, (4 * threads + vBlocks - 1) / vBlocks));
        int qBlocksPerChunk = (qBlocks + qChunks - 1) / qChunks;
        qChunks = (qBlocks + qBlocksPerChunk - 1) / qBlocksPerChunk;
        var gate = new object();

        Parallel.For(0, (long)vBlocks * qChunks,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct },
            () => (Heaps: new TopKHeaps(qn, k), Scratch: new float[qBlock * vBlock]),
            (item, _, local) =>
            {
                int vb = (int)(item / qChunks), qc = (int)(item % qChunks);
                int v0 = vb * vBlock, vn = Math.Min(vBlock, n - v0);
                var block = vectors.Span.Slice(v0 * d, vn * d);
                var all = queries.Span;
                int qEnd = Math.Min(qBlocks, (qc + 1) * qBlocksPerChunk);
                for (int qb = qc * qBlocksPerChunk; qb < qEnd; qb++)
                {
                    int q0 = qb * qBlock, qm = Math.Min(qBlock, qn - q0);
                    var scores = local.Scratch.AsSpan(0, qm * vn);
                    DotKernel.Tile(all.Slice(q0 * d, qm * d), qm, block, vn, d, scores);
                    for (int a = 0; a < qm; a++)
                    {
                        var row = scores.Slice(a * vn, vn);
                        float threshold = local.Heaps.Threshold(q0 + a);
                        for (int b = 0; b < row.Length; b++)
                        {
                            // Equal scores still go in: the heap settles ties by row.
                            if (row[b] < threshold) continue;
                            local.Heaps.Push(q0 + a, row[b], v0 + b);
                            threshold = local.Heaps.Threshold(q0 + a);
                        }
                    }
                }
                return local;
            },
            local =>
            {
                lock (gate) total.MergeFrom(local.Heaps);
            });
        return total;
    }
}
