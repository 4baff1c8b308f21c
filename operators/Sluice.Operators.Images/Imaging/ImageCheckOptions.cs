namespace Sluice.Operators.Images.Imaging;

/// <summary>How images are validated and resized before they reach a vision-language model.</summary>
public sealed record ImageCheckOptions
{
    /// <summary>
    /// Most pixels (width × height, read from the header before any decoding) an image may declare; more is a reject
    /// as a possible decompression bomb. Default 50,000,000.
    /// </summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>Largest encoded size accepted, in bytes. Default 32 MiB.</summary>
    public int MaxBytes { get; init; } = 32 << 20;

    /// <summary>Images whose shorter side is below this are rejected. Default 16.</summary>
    public int MinSide { get; init; } = 16;

    /// <summary>Images whose longer/shorter side ratio exceeds this are rejected. Default 6.</summary>
    public double MaxAspectRatio { get; init; } = 6.0;

    /// <summary>
    /// The model's resolution: images whose longer side is larger are scaled down to it (aspect kept, never up).
    /// Default 448.
    /// </summary>
    public int Resolution { get; init; } = 448;

    /// <summary>JPEG quality of re-encoded images. Default 90.</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>
    /// Send the original bytes unchanged when a JPEG or PNG already fits <see cref="Resolution"/>. Default true
    /// (no generation loss, and the model sees exactly the file).
    /// </summary>
    public bool KeepFittingOriginals { get; init; } = true;

    /// <summary>
    /// Every image that decodes is kept, as the Altogether reference captions every image of a shard (MetaCLIP
    /// <c>apps/altogether/infer.py</c> at commit f47f7841f6a91cc5676729a3d125519393d87d1e has no size or aspect filter):
    /// <see cref="MinSide"/> 1 and no aspect limit. The pixel and byte caps stay, since they guard this process
    /// rather than select data.
    /// </summary>
    public static ImageCheckOptions Reference { get; } = new() { MinSide = 1, MaxAspectRatio = double.PositiveInfinity };

    /// <summary>Throws when a value is out of range, so a bad configuration fails when the pipeline is declared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxPixels < 1) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "must be positive");
        if (MaxBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "must be positive");
        if (MinSide < 1) throw new ArgumentOutOfRangeException(nameof(MinSide), MinSide, "must be at least 1");
        if (MaxAspectRatio < 1) throw new ArgumentOutOfRangeException(nameof(MaxAspectRatio), MaxAspectRatio, "must be at least 1");
        if (Resolution < 8) throw new ArgumentOutOfRangeException(nameof(Resolution), Resolution, "must be at least 8");
        if (JpegQuality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(JpegQuality), JpegQuality, "must be 1..100");
    }
}
