using System.Security.Cryptography;
using SkiaSharp;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images.Imaging;

/// <summary>
/// Decodes and validates one image with Skia and prepares it for a model: size and byte limits, the pixel-count
/// limit checked from the header before any pixel is decoded, size and aspect filters, a full decode whose result is
/// checked (Skia fills a truncated image partially and reports <see cref="SKCodecResult.IncompleteInput"/> rather than
/// throwing), downscaling to the model's resolution (JPEG decodes at a reduced scale directly), and the perceptual hash.
/// Thread-safe: every call uses its own codec and bitmaps.
/// </summary>
public sealed class ImagePreprocessor
{
    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.Mitchell);

    /// <summary>A preprocessor with <paramref name="options"/> (default <see cref="ImageCheckOptions"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ImagePreprocessor(ImageCheckOptions? options = null)
    {
        Options = options ?? new ImageCheckOptions();
        Options.Validate();
    }

    /// <summary>The options in force.</summary>
    public ImageCheckOptions Options { get; }

    /// <summary>Prepares <paramref name="pair"/>'s image, or says why it is rejected.</summary>
    public MapResult<PreparedImage> Prepare(ImageAltPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var outcome = Prepare(pair.Image);
        if (outcome.Reason is not null) return MapResult<PreparedImage>.Reject(outcome.Reason);
        var r = outcome.Result!;
        return MapResult<PreparedImage>.Ok(new PreparedImage(pair.Uuid, pair.Source, pair.ImageUri, pair.AltTexts, pair.Context,
            r.Sha256, unchecked((long)r.PerceptualHash), r.Width, r.Height, r.Format, r.ModelImage, r.MediaType));
    }

    /// <summary>Decodes, checks and resizes encoded bytes; the reason is set when they are rejected.</summary>
    public (PreparedPixels? Result, string? Reason) Prepare(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0) return (null, "empty image (0 bytes)");
        if (bytes.Length > Options.MaxBytes) return (null, $"image is {bytes.Length} bytes, over the {Options.MaxBytes}-byte limit");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return (null, $"not a decodable image ({Sniff(bytes)}, {bytes.Length} bytes)");
        var info = codec.Info;
        long pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0) return (null, $"image header declares {info.Width}×{info.Height} pixels");
        if (pixels > Options.MaxPixels)
            return (null, $"image declares {info.Width}×{info.Height} = {pixels} pixels, over the {Options.MaxPixels}-pixel limit (possible decompression bomb); not decoded");
        var shorter = Math.Min(info.Width, info.Height);
        var longer = Math.Max(info.Width, info.Height);
        if (shorter < Options.MinSide) return (null, $"image is {info.Width}×{info.Height}, smaller than {Options.MinSide} px on a side");
        var aspect = (double)longer / shorter;
        if (aspect > Options.MaxAspectRatio) return (null, $"image is {info.Width}×{info.Height}, aspect ratio {aspect:0.##} over {Options.MaxAspectRatio:0.##}");

        var fits = longer <= Options.Resolution;
        // JPEG (and WebP) can decode straight to a smaller size; other codecs report their full size here.
        var scale = fits ? 1f : (float)Options.Resolution / longer;
        var decodeSize = fits ? info.Size : codec.GetScaledDimensions(scale);
        var alphaType = info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var decodeInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, alphaType);
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        if (result == SKCodecResult.InvalidScale)
        {
            decodeInfo = decodeInfo.WithSize(info.Width, info.Height);
            decoded.TryAllocPixels(decodeInfo);
            result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        }
        if (result == SKCodecResult.IncompleteInput) return (null, $"truncated image: the {codec.EncodedFormat} data ends before the last row ({bytes.Length} bytes)");
        if (result != SKCodecResult.Success) return (null, $"image does not decode: {result} ({codec.EncodedFormat}, {bytes.Length} bytes)");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var format = codec.EncodedFormat.ToString();
        if (fits && Options.KeepFittingOriginals && codec.EncodedFormat is SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png)
            return (new PreparedPixels(sha, PerceptualHash.Compute(decoded), info.Width, info.Height, format, bytes,
                codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? "image/jpeg" : "image/png"), null);

        var (w, h) = FitInside(info.Width, info.Height, Options.Resolution);
        // Re-encoded images are always JPEG (models take RGB): transparency is flattened onto white, as a page shows it,
        // and JPEG encodes several times faster than PNG.
        using var target = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, new SKRect(0, 0, w, h), Sampling);
        }
        var phash = PerceptualHash.Compute(target);
        using var pixmap = target.PeekPixels();
        using var encoded = pixmap.Encode(SKEncodedImageFormat.Jpeg, Options.JpegQuality)
            ?? throw new InvalidOperationException("Skia could not encode a decoded image");
        return (new PreparedPixels(sha, phash, info.Width, info.Height, format, encoded.ToArray(), "image/jpeg"), null);
    }

    /// <summary>Width and height scaled so the longer side is at most <paramref name="limit"/> (never enlarged).</summary>
    internal static (int Width, int Height) FitInside(int width, int height, int limit)
    {
        var longer = Math.Max(width, height);
        if (longer <= limit) return (width, height);
        var s = (double)limit / longer;
        return (Math.Max(1, (int)Math.Round(width * s)), Math.Max(1, (int)Math.Round(height * s)));
    }

    private static string Sniff(byte[] b) =>
        b.Length >= 4 && b[0] == 0x89 && b[1] == 'P' ? "PNG signature"
        : b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 ? "JPEG signature"
        : b.Length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' ? "GIF signature"
        : b.Length >= 5 && (b[0] == '<' || b[0] == '{') ? "looks like text"
        : "unknown signature";
}
