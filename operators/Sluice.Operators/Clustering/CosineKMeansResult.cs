namespace Sluice.Operators.Clustering;

/// <summary>What <see cref="CosineKMeans.Fit"/> returns.</summary>
/// <param name="Centroids">Unit centroids, row-major [k × <paramref name="Dimension"/>].</param>
/// <param name="Dimension">Vector length d.</param>
/// <param name="Assignments">For each point, its cluster (highest inner product; ties to the lower cluster).</param>
/// <param name="Iterations">Iterations run (fewer than asked when the tolerance stopped it).</param>
/// <param name="EmptyClustersReseeded">Times a cluster came out empty and was re-seeded, over all iterations.</param>
/// <param name="IterationSeconds">Wall seconds of each iteration (assignment and update).</param>
public sealed record CosineKMeansResult(
    float[] Centroids, int Dimension, int[] Assignments, int Iterations, int EmptyClustersReseeded, IReadOnlyList<double> IterationSeconds)
{
    /// <summary>Number of clusters k.</summary>
    public int Clusters => Centroids.Length / Dimension;

    /// <summary>Points in each cluster.</summary>
    public int[] Sizes()
    {
        var sizes = new int[Clusters];
        foreach (var c in Assignments) sizes[c]++;
        return sizes;
    }
}
