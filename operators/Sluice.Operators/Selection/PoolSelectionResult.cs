namespace Sluice.Operators.Selection;

/// <summary>What <see cref="PoolSelection.SelectAsync"/> returns.</summary>
/// <param name="Selected">The kept documents, cluster by cluster, each with its position in its cluster's greedy order.</param>
/// <param name="Pool">Documents in the pool.</param>
/// <param name="ClusterSizes">Documents in each cluster.</param>
/// <param name="EmptyClusters">Clusters no document was assigned to.</param>
/// <param name="EmptyClustersReseeded">Times mini-batch k-means re-seeded a cluster that had no point.</param>
/// <param name="Passes">Passes over the pool: k-means epochs, one to size the clusters, one per group of clusters selected.</param>
public sealed record PoolSelectionResult(IReadOnlyList<SelectedDocument> Selected, long Pool, long[] ClusterSizes, int EmptyClusters,
    int EmptyClustersReseeded, int Passes);
