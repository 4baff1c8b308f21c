namespace Sluice.Operators.Dedup;

/// <summary>A document's embedding with its k-means cluster and its cosine distance to the cluster's centroid.</summary>
/// <param name="Cluster">The nearest centroid.</param>
/// <param name="Distance">1 − cosine similarity to that centroid.</param>
/// <param name="Unit">The document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id.</param>
/// <param name="Vector">The unit-length embedding.</param>
public sealed record ClusterMember(int Cluster, double Distance, string Unit, long Position, string? Id, float[] Vector);
