using System.Numerics.Tensors;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Exchange;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Finds semantic duplicates in one partition of cluster members that arrive sorted by cluster, then by distance to
/// the centroid descending (NeMo Curator's "hard" order: the least typical document comes first and is kept), then by
/// origin. Each member is compared with every earlier member of its cluster; when its highest cosine similarity
/// reaches the threshold it is removed in favour of that most similar earlier member. Memory: the vectors of the
/// current cluster (about 1.6 KiB a document at 384 dimensions) and the partition's removals.
/// </summary>
internal sealed class SemanticDuplicates(double threshold, string detail) : IUnitAccumulator<GroupMember<(int, double, RecordOrigin), ClusterMember>, Removal>
{
    private readonly List<ClusterMember> _cluster = [];
    private readonly List<Removal> _removals = [];

    public void Add(GroupMember<(int, double, RecordOrigin), ClusterMember> record)
    {
        var member = record.Record;
        if (_cluster.Count > 0 && _cluster[0].Cluster != member.Cluster) _cluster.Clear();
        var best = -1;
        var bestSimilarity = double.NegativeInfinity;
        for (var i = 0; i < _cluster.Count; i++)
        {
            var similarity = TensorPrimitives.Dot<float>(_cluster[i].Vector, member.Vector);
            if (similarity > bestSimilarity) (best, bestSimilarity) = (i, similarity);
        }
        if (best >= 0 && bestSimilarity >= threshold)
        {
            var kept = _cluster[best];
            _removals.Add(new Removal(member.Unit, member.Position, member.Id, kept.Unit, kept.Position, kept.Id, "semantic",
                Math.Round(Math.Min(1, bestSimilarity), 4), detail));
        }
        _cluster.Add(member);
    }

    public IEnumerable<Removal> Complete() => _removals;
}
