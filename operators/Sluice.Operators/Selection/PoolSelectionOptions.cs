using Sluice.Operators.Clustering;

namespace Sluice.Operators.Selection;

/// <summary>Options of <see cref="PoolSelection"/>; checked by <see cref="Validate"/>.</summary>
public sealed record PoolSelectionOptions
{
    /// <summary>k-means settings (clusters, seed, threads); <see cref="CosineKMeansOptions.Iterations"/> is not used here.</summary>
    public CosineKMeansOptions KMeans { get; init; } = new();

    /// <summary>Ratio, α, τ and whether interactions are used in each cluster.</summary>
    public GroupSelectionOptions Selection { get; init; } = new();

    /// <summary>Passes of mini-batch k-means over the pool. Default 3.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Rows per k-means batch; the first batch seeds the centroids, so it must be at least k. Default 16,384.</summary>
    public int BatchRows { get; init; } = 16_384;

    /// <summary>
    /// Most documents (id, vector, prediction) held at once during selection: clusters are selected in groups that fit,
    /// one pass over the pool per group. A single cluster larger than this is still selected whole. Default 1,000,000
    /// (about 1.6 GB of 384-float vectors).
    /// </summary>
    public long MaxRowsInMemory { get; init; } = 1_000_000;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        KMeans.Validate();
        Selection.Validate();
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchRows < KMeans.Clusters)
            throw new ArgumentOutOfRangeException(nameof(BatchRows), BatchRows, $"BatchRows must be at least the {KMeans.Clusters} clusters (the first batch seeds them).");
        if (MaxRowsInMemory < 1) throw new ArgumentOutOfRangeException(nameof(MaxRowsInMemory), MaxRowsInMemory, "MaxRowsInMemory must be at least 1.");
    }
}
