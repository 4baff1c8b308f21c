namespace Sluice.Operators.Search;

/// <summary>How <see cref="IvfIndex.Build(ReadOnlyMemory{float}, int, IvfOptions?, string, CancellationToken)"/> clusters a datastore; the same options and data give the same index.</summary>
public sealed record IvfOptions
{
    /// <summary>Number of clusters (posting lists). Default 0, meaning √n rounded (at least 1, at most n).</summary>
    public int Lists { get; init; }

    /// <summary>Spherical k-means iterations over the training sample. Default 10; at least 1.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Training rows per list: k-means runs on a seeded sample of Lists × this many rows (or all rows, when
    /// fewer). Default 64; at least 1.</summary>
    public int TrainingRowsPerList { get; init; } = 64;

    /// <summary>Seed of the training sample and of the initial centroids. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads used at most. Default <c>null</c>, meaning <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Lists);
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainingRowsPerList, 1);
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
    }
}
