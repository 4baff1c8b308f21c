using SkiaSharp;

namespace Sluice.Operators.Images.Imaging;

/// <summary>
/// The DCT perceptual hash (pHash): the image scaled to 32×32 luminance, a 2-D DCT-II, and one bit per coefficient
/// of the 8×8 lowest frequencies (DC excluded from the median) set when above their median. Near-identical images
/// (re-encoded, rescaled) hash within a few bits of each other.
/// </summary>
public static class PerceptualHash
{
    private const int N = 32;
    private static readonly double[] Cos = BuildCos();

    /// <summary>The pHash of a decoded bitmap.</summary>
    public static ulong Compute(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var small = bitmap.Resize(new SKImageInfo(N, N, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("could not scale the image for hashing");
        var luma = new double[N * N];
        var pixels = small.GetPixelSpan();
        for (var i = 0; i < N * N; i++)
        {
            // Transparent pixels count as white, as they show on a page.
            double a = pixels[4 * i + 3] / 255.0;
            double r = pixels[4 * i] * a + 255 * (1 - a), g = pixels[4 * i + 1] * a + 255 * (1 - a), b = pixels[4 * i + 2] * a + 255 * (1 - a);
            luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
        }
        return FromLuma(luma);
    }

    /// <summary>The hash of a 32×32 row-major luminance matrix (exposed for tests).</summary>
    internal static ulong FromLuma(ReadOnlySpan<double> luma)
    {
        // Separable DCT, only the 8 lowest frequencies in each direction are needed.
        Span<double> rows = stackalloc double[N * 8];
        for (var y = 0; y < N; y++)
            for (var u = 0; u < 8; u++)
            {
                double s = 0;
                for (var x = 0; x < N; x++) s += luma[y * N + x] * Cos[u * N + x];
                rows[y * 8 + u] = s;
            }
        Span<double> coeffs = stackalloc double[64];
        for (var v = 0; v < 8; v++)
            for (var u = 0; u < 8; u++)
            {
                double s = 0;
                for (var y = 0; y < N; y++) s += rows[y * 8 + u] * Cos[v * N + y];
                coeffs[v * 8 + u] = s;
            }
        Span<double> sorted = stackalloc double[63];
        coeffs[1..].CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[31] + sorted[31]) / 2;
        ulong hash = 0;
        for (var i = 0; i < 64; i++)
            if (coeffs[i] > median) hash |= 1UL << i;
        return hash;
    }

    /// <summary>Bits that differ between two hashes.</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    private static double[] BuildCos()
    {
        var table = new double[8 * N];
        for (var u = 0; u < 8; u++)
            for (var x = 0; x < N; x++)
                table[u * N + x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * N));
        return table;
    }
}
