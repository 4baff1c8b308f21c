using Sluice.Operators.Images.Imaging;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Exchange;

namespace Sluice.Operators.Images.Dedup;

/// <summary>
/// Pairs the images of one partition that share a (band, chunk) bucket and are within the distance: entries arrive
/// sorted by bucket then origin, and each is compared with every earlier entry of its bucket (all of them, not only the
/// first, since closeness is not transitive). Memory: the current bucket.
/// </summary>
internal sealed class BandBucketPairs(int maxDistance) : IUnitAccumulator<GroupMember<(int, ulong, RecordOrigin), HashBandEntry>, HashPair>
{
    private readonly List<HashBandEntry> _bucket = [];
    private readonly List<HashPair> _pairs = [];

    public void Add(GroupMember<(int, ulong, RecordOrigin), HashBandEntry> member)
    {
        var e = member.Record;
        if (_bucket.Count > 0 && (_bucket[0].Band != e.Band || _bucket[0].Chunk != e.Chunk)) _bucket.Clear();
        foreach (var earlier in _bucket)
            if (PerceptualHash.Distance(earlier.Hash, e.Hash) <= maxDistance)
                _pairs.Add(new HashPair(earlier.Unit, earlier.Position, earlier.Uuid, earlier.Hash, e.Unit, e.Position, e.Uuid, e.Hash));
        _bucket.Add(e);
    }

    public IEnumerable<HashPair> Complete() => _pairs;
}
