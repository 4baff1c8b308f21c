using Sluice.Operators.Images;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Imaging;
using SkiaSharp;

namespace Sluice.Cli.Tests.Conformance;

/// <summary>Small real images and the image records the conformance cases feed the image verbs.</summary>
internal static class ImageSamples
{
    public static byte[] Png(int seed)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(96, 64, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(seed * 50), 90, (byte)(200 - seed * 30)));
            using var paint = new SKPaint { Color = new SKColor(10, (byte)(seed * 60), 10) };
            canvas.DrawCircle(20 + seed * 15, 32, 14, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }

    /// <summary>Two decodable pairs and one without image bytes (a reject).</summary>
    public static IReadOnlyList<ImageAltPair> Pairs { get; } =
    [
        new("i1", "memory", null, Png(1), ["a red circle", "circle"]),
        new("i2", "memory", null, Png(2), ["a green circle"]),
        new("i3", "memory", null, [], ["nothing"]),
    ];

    /// <summary>Prepared images: two equal ones (a duplicate) and one whose alt-texts clean to nothing.</summary>
    public static IReadOnlyList<PreparedImage> Prepared { get; } =
    [
        Prepare("p1", 0x0F0F, ["a photo of a harbour", "harbour at dusk"]),
        Prepare("p2", 0x0F0F, ["the same harbour"]),
        Prepare("p3", 0x7777, ["image", ""]),
    ];

    public static IReadOnlyList<AltogetherCaption> Captions { get; } =
    [
        new("c1", "memory", null, "sha", 1, 96, 64, ["alt one"], "prompt", "a caption", "model", 1, "stop", 2, 1.0),
        new("c2", "memory", null, "sha", 2, 96, 64, [], "prompt", "another caption", "model", 1, "stop", 2, 0.0),
    ];

    private static PreparedImage Prepare(string uuid, long hash, IReadOnlyList<string> alts) =>
        new(uuid, "memory", null, alts, null, "sha-" + uuid, hash, 96, 64, "png", Png(3), "image/png");
}
