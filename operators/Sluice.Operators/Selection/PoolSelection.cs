using Sluice.Operators.Clustering;

namespace Sluice.Operators.Selection;

/// <summary>
/// Group-MATES selection over a pool read as a stream, for pools larger than memory: a pass that draws a uniform
/// seeded sample of the pool (reservoir, <see cref="CosineKMeansOptions.InitSampleFactor"/>·k rows) to seed the centroids
/// by k-means++, as the reference seeds on a random sample rather than the pool's first rows; mini-batch spherical k-means
/// over a few passes, a pass that sizes the clusters, then group selection of floor(r·|c|) per cluster, taking as many
/// clusters per pass as fit in <see cref="PoolSelectionOptions.MaxRowsInMemory"/>. Only a batch of vectors, the
/// centroids and the clusters being selected are ever in memory. Deterministic for the same pool order and options;
/// the selection does not depend on how clusters are grouped into passes.
/// </summary>
public static class PoolSelection
{
    /// <summary>Selects from the pool; <paramref name="read"/> is called once per pass and must yield the same documents in the same order.</summary>
    /// <exception cref="ArgumentException">The pool is empty, vectors differ in length, or the first batch has fewer than k documents.</exception>
    public static async Task<PoolSelectionResult> SelectAsync(Func<IAsyncEnumerable<ScoredDocument>> read, PoolSelectionOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= new PoolSelectionOptions();
        options.Validate();
        int k = options.KMeans.Clusters, passes = 1;
        var (sample, dimension) = await SampleAsync(read(), k * options.KMeans.InitSampleFactor, options.KMeans.Seed, ct);
        if (sample.Count == 0) throw new ArgumentException("the pool is empty: nothing to cluster or select");
        var kmeans = new MiniBatchCosineKMeans(dimension, options.KMeans);
        kmeans.Seed(sample.SelectMany(h => h).ToArray());
        for (int epoch = 0; epoch < options.Epochs; epoch++, passes++)
            await foreach (var batch in BatchesAsync(read(), options.BatchRows, ct))
                kmeans.Update(batch.Vectors, ct);
        var centroids = kmeans.Centroids;

        var sizes = new long[k];
        await foreach (var batch in AssignedAsync(read(), options, centroids, ct))
            foreach (var c in batch.Clusters) sizes[c]++;
        passes++;

        var selected = new List<SelectedDocument>();
        foreach (var (first, end) in Groups(sizes, options.MaxRowsInMemory))
        {
            var ids = new List<string>();
            var vectors = new List<float>();
            var predictions = new List<float>();
            var local = new List<int>();
            await foreach (var batch in AssignedAsync(read(), options, centroids, ct))
                for (int i = 0; i < batch.Documents.Count; i++)
                {
                    int c = batch.Clusters[i];
                    if (c < first || c >= end) continue;
                    ids.Add(batch.Documents[i].Id);
                    vectors.AddRange(batch.Documents[i].H);
                    predictions.Add(batch.Documents[i].Score);
                    local.Add(c - first);
                }
            passes++;
            var result = GroupSelection.SelectByCluster(vectors.ToArray(), kmeans.Dimension, predictions.ToArray(), local.ToArray(), end - first, options.Selection, ct);
            selected.AddRange(result.Selected.OrderBy(i => local[i]).ThenBy(i => result.PickOrder[i])
                .Select(i => new SelectedDocument(ids[i], local[i] + first, result.PickOrder[i], predictions[i])));
        }
        return new PoolSelectionResult(selected, sizes.Sum(), sizes, sizes.Count(s => s == 0), kmeans.EmptyClustersReseeded, passes);
    }

    /// <summary>Consecutive cluster ranges [first, end) whose sizes add up to at most <paramref name="limit"/> (a larger cluster alone).</summary>
    private static IEnumerable<(int First, int End)> Groups(long[] sizes, long limit)
    {
        int first = 0;
        long rows = 0;
        for (int c = 0; c < sizes.Length; c++)
        {
            if (c > first && rows + sizes[c] > limit)
            {
                yield return (first, c);
                (first, rows) = (c, 0);
            }
            rows += sizes[c];
        }
        yield return (first, sizes.Length);
    }

    // Algorithm R: after the pass every document had the same chance, size / n, to be in the sample; seeded, so the same
    // pool in the same order gives the same sample.
    private static async Task<(List<float[]> Sample, int Dimension)> SampleAsync(IAsyncEnumerable<ScoredDocument> pool, int size, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var sample = new List<float[]>(size);
        long seen = 0;
        int d = -1;
        await foreach (var batch in BatchesAsync(pool, Math.Max(size, 1024), ct))
        {
            d = batch.Dimension;
            foreach (var document in batch.Documents)
            {
                seen++;
                if (sample.Count < size) sample.Add(document.H);
                else if (random.NextInt64(seen) is var slot && slot < size) sample[(int)slot] = document.H;
            }
        }
        return (sample, d);
    }

    private static async IAsyncEnumerable<AssignedBatch> AssignedAsync(IAsyncEnumerable<ScoredDocument> pool, PoolSelectionOptions options,
        ReadOnlyMemory<float> centroids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var batch in BatchesAsync(pool, options.BatchRows, ct))
        {
            var clusters = new int[batch.Documents.Count];
            CosineKMeans.Assign(batch.Vectors, batch.Dimension, centroids, clusters, null, options.KMeans.MaxDegreeOfParallelism, ct);
            yield return new AssignedBatch(batch.Documents, clusters);
        }
    }

    private static async IAsyncEnumerable<PoolBatch> BatchesAsync(IAsyncEnumerable<ScoredDocument> pool, int rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var documents = new List<ScoredDocument>(rows);
        int d = -1;
        await foreach (var document in pool.WithCancellation(ct))
        {
            if (d < 0) d = document.H.Length;
            if (document.H.Length != d)
                throw new ArgumentException($"document {document.Id} has a vector of {document.H.Length} floats, the pool's first had {d}");
            documents.Add(document);
            if (documents.Count < rows) continue;
            yield return PoolBatch.Of(documents, d);
            documents = new List<ScoredDocument>(rows);
        }
        if (documents.Count > 0) yield return PoolBatch.Of(documents, d);
    }

    private sealed record PoolBatch(IReadOnlyList<ScoredDocument> Documents, float[] Vectors, int Dimension)
    {
        public static PoolBatch Of(List<ScoredDocument> documents, int d)
        {
            var vectors = new float[documents.Count * d];
            for (int i = 0; i < documents.Count; i++) documents[i].H.CopyTo(vectors, i * d);
            return new PoolBatch(documents, vectors, d);
        }
    }

    private sealed record AssignedBatch(IReadOnlyList<ScoredDocument> Documents, int[] Clusters);
}
