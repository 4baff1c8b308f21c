namespace Sluice.Operators.Images.Dedup;

/// <summary>Dataset-wide image dedup (<see cref="ImageDedupWorkflow"/>): the same uuid, and perceptually equal images, across every shard.</summary>
public sealed record ImageDedupOptions
{
    /// <summary>A folder for the intermediate datasets and removal lists. Required.</summary>
    public string Work { get; init; } = "";

    /// <summary>
    /// Largest Hamming distance between 64-bit pHashes counted as a duplicate, 0 to 7. Default 0 (equal hashes). The
    /// hash is cut into MaxDistance + 1 bands and images sharing a band are compared, so the work grows quickly with it.
    /// </summary>
    public int MaxDistance { get; init; }

    /// <summary>Also removes later images with a uuid seen before. Default true.</summary>
    public bool ByUuid { get; init; } = true;

    /// <summary>Partitions of each exchange. Default 16.</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>The most images that may appear in perceptual pairs (held on rank 0 by the components step). Default 2,000,000.</summary>
    public int MaxCandidateImages { get; init; } = 2_000_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Work)) throw new ArgumentException("ImageDedupOptions.Work is required");
        if (MaxDistance is < 0 or > 7) throw new ArgumentException($"ImageDedupOptions.MaxDistance must be 0 to 7, not {MaxDistance}");
        if (Partitions is < 1 or > Pipelines.Exchange.Partitioning.MaxPartitions) throw new ArgumentException($"ImageDedupOptions.Partitions out of range: {Partitions}");
        if (MaxCandidateImages < 1) throw new ArgumentException("ImageDedupOptions.MaxCandidateImages must be positive");
    }
}
