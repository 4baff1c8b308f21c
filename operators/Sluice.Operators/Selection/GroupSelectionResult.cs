namespace Sluice.Operators.Selection;

/// <summary>What <see cref="GroupSelection.SelectByCluster"/> returns.</summary>
/// <param name="Selected">Indices of the kept documents, ascending.</param>
/// <param name="PickOrder">For each document, its position in its cluster's greedy order (0 first), or -1 when not kept.</param>
/// <param name="ClusterSizes">Documents in each cluster.</param>
/// <param name="KeptPerCluster">Documents kept in each cluster: floor(r·size).</param>
/// <param name="EmptyClusters">Clusters with no document (nothing to select there).</param>
public sealed record GroupSelectionResult(int[] Selected, int[] PickOrder, int[] ClusterSizes, int[] KeptPerCluster, int EmptyClusters);
