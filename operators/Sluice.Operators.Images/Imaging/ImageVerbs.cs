using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images.Imaging;

/// <summary>Image verbs: decode, validate and resize (<c>PrepareImages</c>).</summary>
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
}
