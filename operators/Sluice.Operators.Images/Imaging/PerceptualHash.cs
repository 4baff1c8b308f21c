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

    /// <summary>The pHash of a decoded RGBA8888 bitmap (premultiplied or opaque).</summary>
    /// <exception cref="ArgumentException">The bitmap is not RGBA8888.</exception>
    public static ulong Compute(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888) throw new ArgumentException($"expected an Rgba8888 bitmap, got {bitmap.ColorType}", nameof(bitmap));
        // Area average into 32×32 cells in one pass over the pixels: cheaper than a filtered resize with mipmaps, and
        // free of the aliasing a plain linear downscale has.
        int w = bitmap.Width, h = bitmap.Height, stride = bitmap.RowBytes;
        var pixels = bitmap.GetPixelSpan();
        Span<double> sum = stackalloc double[N * N];
        Span<int> count = stackalloc int[N * N];
        sum.Clear();
        count.Clear();
        for (var y = 0; y < h; y++)
        {
            var row = pixels.Slice(y * stride, w * 4);
            var cy = (int)((long)y * N / h) * N;
            for (var x = 0; x < w; x++)
            {
                // Premultiplied colour over white: c + 255·(1 − a); transparent pixels count as white, as on a page.
                int a = row[4 * x + 3], white = 255 - a;
                var luma = 0.299 * (row[4 * x] + white) + 0.587 * (row[4 * x + 1] + white) + 0.114 * (row[4 * x + 2] + white);
                var cell = cy + (int)((long)x * N / w);
                sum[cell] += luma;
                count[cell]++;
            }
        }
        Span<double> cells = stackalloc double[N * N];
        for (var i = 0; i < N * N; i++)
        {
            // An image smaller than 32 px on a side leaves cells empty: take the nearest filled one in its row or column.
            cells[i] = count[i] > 0 ? sum[i] / count[i] : double.NaN;
        }
        for (var i = 0; i < N * N; i++)
            if (double.IsNaN(cells[i]))
            {
                var j = i;
                while (j >= 0 && double.IsNaN(cells[j])) j--;
                cells[i] = j >= 0 ? cells[j] : 255;
            }
        return FromLuma(cells);
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
        var median = sorted[31];
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
