using SkiaSharp;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Tests.TestSupport;

namespace Sluice.Operators.Images.Tests.Imaging;

public sealed class ImagePreprocessorTests
{
    private readonly ImagePreprocessor _pre = new();

    [Fact]
    public void Prepare_ZeroBytes_RejectedAsEmpty() => Assert.Contains("empty image", _pre.Prepare([]).Reason);

    [Fact]
    public void Prepare_TruncatedPng_RejectedAsIncompleteInput()
    {
        var png = TestImages.Encode(200, 150);
        var reason = _pre.Prepare(png[..(png.Length * 2 / 3)]).Reason;
        Assert.NotNull(reason);
        Assert.Contains("truncated", reason);
    }

    [Fact]
    public void Prepare_TruncatedJpeg_Rejected()
    {
        var jpg = TestImages.Encode(600, 400, SKEncodedImageFormat.Jpeg);
        Assert.NotNull(_pre.Prepare(jpg[..(jpg.Length / 2)]).Reason);
    }

    [Fact]
    public void Prepare_DecompressionBombHeader_RejectedBeforeDecoding()
    {
        var reason = _pre.Prepare(TestImages.PngDeclaring(60_000, 60_000)).Reason;
        Assert.NotNull(reason);
        Assert.Contains("decompression bomb", reason);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' })]
    public void Prepare_NotAnImage_Rejected(byte[] bytes) => Assert.Contains("not a decodable image", _pre.Prepare(bytes).Reason);

    [Fact]
    public void Prepare_TinyOrElongated_Rejected()
    {
        Assert.Contains("smaller than", _pre.Prepare(TestImages.Encode(8, 8)).Reason);
        Assert.Contains("aspect ratio", _pre.Prepare(TestImages.Encode(700, 50)).Reason);
    }

    [Fact]
    public void Prepare_LargeImage_ResizedToResolution_SmallKeptAsIs()
    {
        var big = _pre.Prepare(TestImages.Encode(1600, 900, SKEncodedImageFormat.Jpeg)).Result!;
        using var decoded = SKBitmap.Decode(big.ModelImage);
        Assert.Equal((448, 252), (decoded.Width, decoded.Height));
        Assert.Equal((1600, 900), (big.Width, big.Height));
        var smallBytes = TestImages.Encode(300, 200);
        Assert.Equal(smallBytes, _pre.Prepare(smallBytes).Result!.ModelImage);
    }

    [Fact]
    public void PerceptualHash_ReencodedImage_WithinFewBits_DifferentImageFar()
    {
        var a = _pre.Prepare(TestImages.Encode(640, 480, SKEncodedImageFormat.Png, seed: 1)).Result!;
        var a2 = _pre.Prepare(TestImages.Encode(320, 240, SKEncodedImageFormat.Jpeg, seed: 1)).Result!;
        var b = _pre.Prepare(TestImages.Encode(640, 480, SKEncodedImageFormat.Png, seed: 2)).Result!;
        Assert.True(PerceptualHash.Distance(a.PerceptualHash, a2.PerceptualHash) <= 6);
        Assert.True(PerceptualHash.Distance(a.PerceptualHash, b.PerceptualHash) > 6);
    }
}
