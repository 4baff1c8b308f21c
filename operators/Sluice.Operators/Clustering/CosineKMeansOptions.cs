namespace Sluice.Operators.Clustering;

/// <summary>Options of <see cref="CosineKMeans"/> and <see cref="MiniBatchCosineKMeans"/>; checked by <see cref="Validate"/>.</summary>
public sealed record CosineKMeansOptions
{
    /// <summary>Number of clusters k. Default 100; at least 1.</summary>
    public int Clusters { get; init; } = 100;

    /// <summary>Full passes (Lloyd) or mini-batches (<see cref="MiniBatchCosineKMeans"/>). Default 20; at least 1.</summary>
    public int Iterations { get; init; } = 20;

    /// <summary>Seed of the initial centroids (a seeded sample of the points). Same seed, same points, same result. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// How the initial centroids are chosen. Default <see cref="CosineKMeansInit.PlusPlus"/> (k-means++ with the
    /// cosine distance 1 − cos over a seeded sample of at most <see cref="InitSampleFactor"/>·k points);
    /// <see cref="CosineKMeansInit.Random"/> takes k distinct random points, as FAISS does.
    /// </summary>
    public CosineKMeansInit Init { get; init; } = CosineKMeansInit.PlusPlus;

    /// <summary>k-means++ looks at a seeded sample of at most this many points per cluster. Default 32; at least 1.</summary>
    public int InitSampleFactor { get; init; } = 32;

    /// <summary>
    /// Stop early when fewer than this fraction of points change cluster in an iteration. Default 0 (run every
    /// iteration, as FAISS and scikit-learn timings do).
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>Threads used for assignment and centroid sums. Default <c>-1</c>: every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (Clusters < 1) throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, "Clusters must be at least 1.");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be at least 1.");
        if (!Enum.IsDefined(Init)) throw new ArgumentOutOfRangeException(nameof(Init), Init, "Unknown initialisation.");
        if (InitSampleFactor < 1) throw new ArgumentOutOfRangeException(nameof(InitSampleFactor), InitSampleFactor, "InitSampleFactor must be at least 1.");
        if (Tolerance is < 0 or > 1 || double.IsNaN(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must lie in 0..1.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 or at least 1.");
    }
}
