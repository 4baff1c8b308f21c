using Sluice.Operators.Images.Imaging;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;

namespace Sluice.Operators.Images.Dedup;

/// <summary>
/// Keeps the first image of each group of perceptually equal images within one work unit (a shard or a page):
/// an image whose pHash is within <paramref name="MaxDistance"/> bits of an image kept earlier is a reject naming that image.
/// Deterministic (the unit's order decides which is first), so a resumed unit drops the same images.
/// </summary>
/// <param name="MaxDistance">Largest Hamming distance between hashes counted as a duplicate; 0 means equal hashes only.</param>
internal sealed class PerceptualDeduplicator(int MaxDistance) : IUnitAccumulator<PreparedImage, MapResult<PreparedImage>>
{
    private readonly List<MapResult<PreparedImage>> _out = [];
    private readonly Dictionary<long, string> _exact = [];
    private readonly List<(ulong Hash, string Uuid)> _kept = [];

    public void Add(PreparedImage record)
    {
        string? duplicateOf = null;
        var distance = 0;
        if (_exact.TryGetValue(record.PerceptualHash, out var same)) duplicateOf = same;
        else if (MaxDistance > 0)
        {
            var hash = unchecked((ulong)record.PerceptualHash);
            foreach (var (kept, uuid) in _kept)
            {
                var d = PerceptualHash.Distance(hash, kept);
                if (d <= MaxDistance) { duplicateOf = uuid; distance = d; break; }
            }
        }
        if (duplicateOf is not null)
        {
            _out.Add(MapResult<PreparedImage>.Reject($"perceptual duplicate of {duplicateOf} (pHash distance {distance})", record));
            return;
        }
        _exact[record.PerceptualHash] = record.Uuid;
        if (MaxDistance > 0) _kept.Add((unchecked((ulong)record.PerceptualHash), record.Uuid));
        _out.Add(record);
    }

    public IEnumerable<MapResult<PreparedImage>> Complete() => _out;
}
