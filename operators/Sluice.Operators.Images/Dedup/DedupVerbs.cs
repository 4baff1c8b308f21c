using Sluice.Operators.Images.Imaging;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images.Dedup;

/// <summary>Dedup verbs for images: perceptual (pHash) duplicates within a work unit.</summary>
public static class DedupVerbs
{
    /// <summary>
    /// Drops perceptual duplicates within each work unit (shard or page): the first image of a group is kept, the rest
    /// are rejects naming it. Holds one unit's prepared images in memory until the unit ends.
    /// </summary>
    /// <param name="flow">Prepared images.</param>
    /// <param name="maxDistance">Hamming distance between pHashes counted as a duplicate. Default 0 (equal hashes).</param>
    /// <param name="name">Operator name; default <c>dedup-images</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is outside 0..32.</exception>
    [Verb(OperatorRole.Stateful, Rule = "pHash Hamming distance within a work unit")]
    public static Flow<PreparedImage> DedupImages(this Flow<PreparedImage> flow, int maxDistance = 0, string? name = null)
    {
        if (maxDistance is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, "must be 0..32");
        var op = name ?? "dedup-images";
        return flow.Aggregate(_ => new PerceptualDeduplicator(maxDistance), op + "-hash-groups").Unwrap(op);
    }
}
