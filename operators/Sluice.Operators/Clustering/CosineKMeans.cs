using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using Sluice.Operators.Search;

namespace Sluice.Operators.Clustering;

/// <summary>
/// Spherical (cosine) k-means for Group-MATES' influence-aware clustering: centroids are unit vectors and a point goes
/// to the centroid of highest inner product (its cosine, for unit points). Lloyd iterations over an in-memory matrix;
/// <see cref="MiniBatchCosineKMeans"/> handles pools larger than memory, and <see cref="Assign"/> labels any chunk
/// of a pool against fitted centroids.
/// </summary>
/// <remarks>
/// Deterministic by seed whatever the thread count: initial centroids are a seeded sample of the points, assignment
/// is exact (ties to the lower cluster; inner products come from the AVX-512 GEMM micro-kernel of
/// <see cref="AssignKernel"/>, or <see cref="DotKernel"/> tiles without AVX-512, each summing every pair in the same
/// order on every path), each centroid is summed over its members in point order, and an empty cluster is
/// re-seeded with the point its own centroid serves worst (lowest score, then lowest index), which is counted.
/// </remarks>
public static class CosineKMeans
{
    private const int PointBlock = 128;
    private const int CentroidBlock = 256;

    /// <summary>Clusters the row-major [n × <paramref name="dimension"/>] <paramref name="vectors"/> (which should be unit length).</summary>
    /// <param name="vectors">The points; not modified.</param>
    /// <param name="dimension">Vector length d.</param>
    /// <param name="options">Options; <c>null</c> means defaults.</param>
    /// <param name="ct">Checked between iterations.</param>
    /// <exception cref="ArgumentException">The matrix is not n × d, has fewer than k rows, or holds a NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static CosineKMeansResult Fit(ReadOnlyMemory<float> vectors, int dimension, CosineKMeansOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CosineKMeansOptions();
        options.Validate();
        int n = CheckMatrix(vectors.Span, dimension, nameof(vectors));
        int k = options.Clusters;
        if (n < k) throw new ArgumentException($"k-means with {k} clusters needs at least {k} points; got {n}.", nameof(vectors));

        var centroids = InitialCentroids(vectors, dimension, options, new Random(options.Seed));
        var assignments = new int[n];
        Array.Fill(assignments, -1);
        var previous = new int[n];
        var scores = new float[n];
        var times = new List<double>();
        int reseeded = 0, iterations = 0;
        for (int it = 0; it < options.Iterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            assignments.CopyTo(previous, 0);
            Assign(vectors, dimension, centroids, assignments, scores, options.MaxDegreeOfParallelism, ct);
            reseeded += ReseedEmpty(assignments, scores, k);
            UpdateCentroids(vectors, dimension, assignments, centroids, k, options.MaxDegreeOfParallelism);
            iterations++;
            times.Add(clock.Elapsed.TotalSeconds);
            if (options.Tolerance > 0 && it > 0)
            {
                int changed = 0;
                for (int i = 0; i < n; i++) if (assignments[i] != previous[i]) changed++;
                if (changed < options.Tolerance * n) break;
            }
        }
        // The labels returned belong to the centroids returned.
        Assign(vectors, dimension, centroids, assignments, scores, options.MaxDegreeOfParallelism, ct);
        return new CosineKMeansResult(centroids, dimension, assignments, iterations, reseeded, times);
    }

    /// <summary>
    /// Labels each row of <paramref name="vectors"/> with its centroid of highest inner product (ties to the lower
    /// cluster), writing <paramref name="assignments"/> and, when given, that inner product to <paramref name="scores"/>.
    /// </summary>
    /// <param name="vectors">Row-major [n × d] points.</param>
    /// <param name="dimension">d.</param>
    /// <param name="centroids">Row-major [k × d] centroids.</param>
    /// <param name="assignments">n cluster ids, written.</param>
    /// <param name="scores">n best inner products, written; may be <c>null</c>.</param>
    /// <param name="maxDegreeOfParallelism">Threads; -1 means every core. Results do not depend on it.</param>
    /// <param name="ct">Checked between blocks of points.</param>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public static void Assign(ReadOnlyMemory<float> vectors, int dimension, ReadOnlyMemory<float> centroids, int[] assignments,
        float[]? scores = null, int maxDegreeOfParallelism = -1, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        if (vectors.Length % dimension != 0 || centroids.Length % dimension != 0 || centroids.Length == 0)
            throw new ArgumentException("vectors and centroids must be non-empty row-major matrices of the given dimension.");
        int n = vectors.Length / dimension, k = centroids.Length / dimension;
        if (assignments.Length < n || scores is not null && scores.Length < n)
            throw new ArgumentException($"assignments (and scores) need room for {n} points.");
        int blocks = (n + PointBlock - 1) / PointBlock;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        if (AssignKernel.Supported)
        {
            // Packed once per call; every block reads the same panels.
            var packed = AssignKernel.Pack(centroids.Span, k, dimension);
            Parallel.For(0, blocks, parallel, block =>
            {
                int start = block * PointBlock, rows = Math.Min(PointBlock, n - start);
                Span<int> bestIndex = stackalloc int[PointBlock];
                Span<float> best = stackalloc float[PointBlock];
                AssignKernel.Assign(vectors.Span.Slice(start * dimension, rows * dimension), rows, dimension, packed, k, bestIndex, best);
                for (int r = 0; r < rows; r++)
                {
                    assignments[start + r] = bestIndex[r];
                    if (scores is not null) scores[start + r] = best[r];
                }
            });
            return;
        }
        Parallel.For(0, blocks, parallel,
            () => ArrayPool<float>.Shared.Rent(PointBlock * CentroidBlock + PointBlock),
            (block, _, tile) =>
            {
                int start = block * PointBlock, rows = Math.Min(PointBlock, n - start);
                var points = vectors.Span.Slice(start * dimension, rows * dimension);
                var best = tile.AsSpan(PointBlock * CentroidBlock, PointBlock);
                Span<int> bestIndex = stackalloc int[PointBlock];
                best.Fill(float.NegativeInfinity);
                bestIndex.Fill(0);
                var all = centroids.Span;
                for (int c0 = 0; c0 < k; c0 += CentroidBlock)
                {
                    int cn = Math.Min(CentroidBlock, k - c0);
                    var s = tile.AsSpan(0, rows * cn);
                    DotKernel.Tile(points, rows, all.Slice(c0 * dimension, cn * dimension), cn, dimension, s);
                    for (int r = 0; r < rows; r++)
                    {
                        var row = s.Slice(r * cn, cn);
                        int arg = -1;
                        float max = best[r];
                        for (int c = 0; c < cn; c++)
                            if (row[c] > max) { max = row[c]; arg = c; }
                        if (arg >= 0) { best[r] = max; bestIndex[r] = c0 + arg; }
                    }
                }
                for (int r = 0; r < rows; r++)
                {
                    assignments[start + r] = bestIndex[r];
                    if (scores is not null) scores[start + r] = best[r];
                }
                return tile;
            },
            tile => ArrayPool<float>.Shared.Return(tile));
    }

    /// <summary>Scales each row of a row-major matrix to unit length; zero rows stay zero.</summary>
    public static void NormalizeRows(Span<float> matrix, int dimension)
    {
        for (int r = 0; r < matrix.Length / dimension; r++)
        {
            var row = matrix.Slice(r * dimension, dimension);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
    }

    /// <summary>Checks the matrix shape and values; returns the row count.</summary>
    internal static int CheckMatrix(ReadOnlySpan<float> vectors, int dimension, string name)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        if (vectors.Length == 0 || vectors.Length % dimension != 0)
            throw new ArgumentException($"expected a non-empty row-major matrix of {dimension} columns; got {vectors.Length} floats.", name);
        int bad = FirstNonFinite(vectors);
        if (bad >= 0) throw new ArgumentException($"row {bad / dimension} holds a NaN or infinity.", name);
        return vectors.Length / dimension;
    }

    /// <summary>The initial unit centroids that <paramref name="options"/> ask for, from a seeded <paramref name="random"/>.</summary>
    internal static float[] InitialCentroids(ReadOnlyMemory<float> vectors, int dimension, CosineKMeansOptions options, Random random)
    {
        int n = vectors.Length / dimension, k = options.Clusters;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int sampleSize = options.Init == CosineKMeansInit.Random ? k : (int)Math.Min(n, (long)k * options.InitSampleFactor);
        for (int c = 0; c < sampleSize; c++)
        {
            int j = random.Next(c, n);
            (order[c], order[j]) = (order[j], order[c]);
        }
        var centroids = new float[(long)k * dimension];
        var all = vectors.Span;
        if (options.Init == CosineKMeansInit.Random)
        {
            for (int c = 0; c < k; c++) all.Slice(order[c] * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
            NormalizeRows(centroids, dimension);
            return centroids;
        }
        // k-means++ on the sample: each next centroid is drawn with probability proportional to 1 − (best cosine so far).
        var sample = order[..sampleSize];
        var distance = new double[sampleSize];
        Array.Fill(distance, double.PositiveInfinity);
        int pick = sample[0];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        for (int c = 0; c < k; c++)
        {
            all.Slice(pick * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
            NormalizeRows(centroids.AsSpan(c * dimension, dimension), dimension);
            if (c == k - 1) break;
            var centroid = centroids.AsMemory(c * dimension, dimension);
            Parallel.For(0, (sampleSize + 1023) / 1024, parallel, block =>
            {
                var rows = vectors.Span;
                for (int s = block * 1024; s < Math.Min(sampleSize, block * 1024 + 1024); s++)
                {
                    double dist = Math.Max(0, 1 - TensorPrimitives.Dot(rows.Slice(sample[s] * dimension, dimension), centroid.Span));
                    if (dist < distance[s]) distance[s] = dist;
                }
            });
            double total = 0;
            foreach (var dist in distance) total += dist;
            double target = random.NextDouble() * total;
            int chosen = -1;
            for (int s = 0; s < sampleSize; s++)
            {
                if (distance[s] <= 0) continue;
                chosen = s;
                target -= distance[s];
                if (target < 0) break;
            }
            // Fewer distinct points than clusters: repeat one; the empty cluster it leaves is re-seeded later.
            pick = chosen < 0 ? sample[random.Next(sampleSize)] : sample[chosen];
        }
        return centroids;
    }

    /// <summary>Gives each empty cluster the point served worst by its own centroid (from clusters of two or more); returns how many.</summary>
    internal static int ReseedEmpty(int[] assignments, float[] scores, int k)
    {
        var sizes = new int[k];
        foreach (var c in assignments) sizes[c]++;
        int empty = 0;
        for (int c = 0; c < k; c++) if (sizes[c] == 0) empty++;
        if (empty == 0) return 0;
        var worst = Enumerable.Range(0, assignments.Length).OrderBy(i => scores[i]).ThenBy(i => i);
        int reseeded = 0, next = 0;
        foreach (var i in worst)
        {
            while (next < k && sizes[next] > 0) next++;
            if (next == k) break;
            if (sizes[assignments[i]] < 2) continue;
            sizes[assignments[i]]--;
            assignments[i] = next;
            sizes[next]++;
            scores[i] = 1f;
            reseeded++;
        }
        return reseeded;
    }

    /// <summary>Each centroid becomes the normalised sum of its members, summed in point order (so in any thread count the same).</summary>
    internal static void UpdateCentroids(ReadOnlyMemory<float> vectors, int dimension, int[] assignments, float[] centroids, int k, int maxDegreeOfParallelism)
    {
        int n = assignments.Length;
        var starts = new int[k + 1];
        foreach (var c in assignments) starts[c + 1]++;
        for (int c = 0; c < k; c++) starts[c + 1] += starts[c];
        var members = new int[n];
        var fill = starts[..k];
        for (int i = 0; i < n; i++) members[fill[assignments[i]]++] = i;
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            if (starts[c] == starts[c + 1]) return; // Only possible when n < k, which Fit refuses: keep the old centroid.
            var centroid = centroids.AsSpan(c * dimension, dimension);
            centroid.Clear();
            var all = vectors.Span;
            for (int m = starts[c]; m < starts[c + 1]; m++)
                TensorPrimitives.Add(centroid, all.Slice(members[m] * dimension, dimension), centroid);
            float norm = TensorPrimitives.Norm(centroid);
            if (norm > 0) TensorPrimitives.Divide(centroid, norm, centroid);
        });
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
