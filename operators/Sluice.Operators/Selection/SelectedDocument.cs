namespace Sluice.Operators.Selection;

/// <summary>A document kept by Group-MATES selection.</summary>
/// <param name="Id">Document id.</param>
/// <param name="Cluster">Its k-means cluster.</param>
/// <param name="PickOrder">Its place in the cluster's greedy order (0 first).</param>
/// <param name="Score">Its predicted individual influence.</param>
public sealed record SelectedDocument(string Id, int Cluster, int PickOrder, float Score);
