using Sluice.Operators.Images.Imaging;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images;

/// <summary>Image verbs: decode, validate and resize (<c>PrepareImages</c>), and perceptual dedup (<c>DedupImages</c>).</summary>
public static class ImageVerbs
{
    /// <summary>
    /// Decodes and validates each pair's image with Skia and resizes it to the model's resolution. Empty, corrupt,
    /// truncated, oversized (by header, before decoding), too small or too elongated images are rejects with the reason.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (when declared).</exception>
    [Verb(OperatorRole.Transform)]
    public static Flow<PreparedImage> PrepareImages(this Flow<ImageAltPair> flow, ImageCheckOptions? options = null, string? name = null,
        int parallelism = 0)
    {
        var preprocessor = new ImagePreprocessor(options);
        var op = name ?? "prepare-images";
        return flow.MapOrReject(preprocessor.Prepare, op, parallelism);
    }

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
