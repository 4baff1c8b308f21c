using System.Numerics.Tensors;

namespace Sluice.Operators.Clustering;

/// <summary>
/// Mini-batch spherical k-means (Sculley's web-scale k-means, with unit centroids) for pools larger than memory:
/// feed batches of rows with <see cref="Update"/>, then label the whole pool in chunks with
/// <see cref="CosineKMeans.Assign"/> against <see cref="Centroids"/>.
/// </summary>
/// <remarks>
/// Each centroid keeps the running mean of every point ever assigned to it (per-centroid learning rate 1/count) and
/// is used normalised. Deterministic for the same seed and the same batches in the same order. The first batch
/// seeds the centroids (a seeded sample of its rows), so it must hold at least k rows. An update that leaves a
/// cluster with no point ever assigned re-seeds it with the batch point served worst, and counts it.
/// Not thread-safe: one caller feeds batches.
/// </remarks>
public sealed class MiniBatchCosineKMeans
{
    private readonly CosineKMeansOptions _options;
    private readonly Random _random;
    private float[]? _means;
    private float[]? _centroids;
    private long[] _counts;

    /// <summary>Creates an empty model for vectors of <paramref name="dimension"/> floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The dimension or an option is out of range.</exception>
    public MiniBatchCosineKMeans(int dimension, CosineKMeansOptions? options = null)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        _options = options ?? new CosineKMeansOptions();
        _options.Validate();
        Dimension = dimension;
        _random = new Random(_options.Seed);
        _counts = new long[_options.Clusters];
    }

    /// <summary>Vector length d.</summary>
    public int Dimension { get; }

    /// <summary>Batches taken so far.</summary>
    public int Batches { get; private set; }

    /// <summary>Times a cluster was re-seeded because no point had been assigned to it.</summary>
    public int EmptyClustersReseeded { get; private set; }

    /// <summary>Unit centroids, row-major [k × d].</summary>
    /// <exception cref="InvalidOperationException">No batch was given yet.</exception>
    public ReadOnlyMemory<float> Centroids => _centroids ?? throw new InvalidOperationException("no batch has been given yet");

    /// <summary>Points assigned to each cluster so far, over all batches.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>
    /// Seeds the centroids by k-means++ over <paramref name="sample"/> (row-major, unit rows; at least k), e.g. a uniform
    /// sample of the whole pool, instead of from the first batch <see cref="Update"/> is given.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is seeded already.</exception>
    /// <exception cref="ArgumentException">The sample is not n × d or has fewer than k rows.</exception>
    public void Seed(ReadOnlyMemory<float> sample)
    {
        if (_centroids is not null) throw new InvalidOperationException("the centroids are seeded already");
        int n = CosineKMeans.CheckMatrix(sample.Span, Dimension, nameof(sample));
        if (n < _options.Clusters) throw new ArgumentException($"seeding {_options.Clusters} centroids needs at least {_options.Clusters} rows; got {n}.", nameof(sample));
        _centroids = CosineKMeans.InitialCentroids(sample, Dimension, _options, _random);
        _means = (float[])_centroids.Clone();
    }

    /// <summary>Assigns <paramref name="batch"/> (row-major, unit rows) and moves each centroid toward its new members.</summary>
    /// <exception cref="ArgumentException">The batch is not n × d, holds a NaN, or (the first one) has fewer than k rows.</exception>
    public void Update(ReadOnlyMemory<float> batch, CancellationToken ct = default)
    {
        int d = Dimension, k = _options.Clusters;
        int n = CosineKMeans.CheckMatrix(batch.Span, d, nameof(batch));
        if (_centroids is null)
        {
            if (n < k) throw new ArgumentException($"the first batch seeds {k} centroids and needs at least {k} rows; got {n}.", nameof(batch));
            _centroids = CosineKMeans.InitialCentroids(batch, d, _options, _random);
            _means = (float[])_centroids.Clone();
        }
        var assignments = new int[n];
        var scores = new float[n];
        CosineKMeans.Assign(batch, d, _centroids, assignments, scores, _options.MaxDegreeOfParallelism, ct);
        var rows = batch.Span;
        for (int i = 0; i < n; i++)
        {
            int c = assignments[i];
            _counts[c]++;
            // Running mean: m += (x − m) / count, in point order so the result is the same on every run.
            var mean = _means.AsSpan(c * d, d);
            float rate = 1f / _counts[c];
            for (int j = 0; j < d; j++) mean[j] += (rows[i * d + j] - mean[j]) * rate;
        }
        int worst = 0;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        for (int c = 0; c < k; c++)
        {
            if (_counts[c] > 0) continue;
            if (worst >= n) break;
            rows.Slice(order[worst++] * d, d).CopyTo(_means.AsSpan(c * d, d));
            _counts[c] = 1;
            EmptyClustersReseeded++;
        }
        for (int c = 0; c < k; c++)
        {
            var mean = _means.AsSpan(c * d, d);
            var centroid = _centroids.AsSpan(c * d, d);
            float norm = TensorPrimitives.Norm(mean);
            if (norm > 0) TensorPrimitives.Divide(mean, norm, centroid);
        }
        Batches++;
    }
}
