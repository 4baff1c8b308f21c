using SkiaSharp;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>Small encoded images made with Skia, and damaged variants of them.</summary>
internal static class TestImages
{
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png, uint seed = 1)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(seed * 40), (byte)(255 - seed * 30), 120));
            using var paint = new SKPaint { Color = new SKColor(20, 20, (byte)(seed * 70)) };
            canvas.DrawCircle(width * 0.3f * (1 + seed % 3) / 2, height / 2f, Math.Min(width, height) / 4f, paint);
            canvas.DrawRect(width * 0.6f, height * 0.1f, width * 0.2f, height * 0.3f * (seed % 2 + 1), paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A PNG whose header declares <paramref name="width"/>×<paramref name="height"/> over a tiny image's data (a bomb's header).</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = Encode(16, 16);
        // IHDR data starts at byte 16: width and height big-endian, then the CRC over type+data at 29.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
