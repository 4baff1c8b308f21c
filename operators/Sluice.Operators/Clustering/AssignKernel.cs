using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Operators.Clustering;

/// <summary>
/// Nearest-centroid search as a register-blocked GEMM (AVX-512): centroids are packed into panels of 16 columns
/// ([panel][d][16]); a 6-point × 32-centroid micro-kernel broadcasts one point coordinate and multiply-adds it into 12
/// vector accumulators, so there are no horizontal sums. Each inner product is summed over the dimension in the same
/// order whichever thread or block computes it, so assignments do not depend on the thread count.
/// </summary>
internal static class AssignKernel
{
    private const int Lanes = 16;
    private const int Rows = 6;

    public static bool Supported => Vector512.IsHardwareAccelerated;

    /// <summary>Packs [k × d] centroids into 32-column panel pairs, zero-padded: [ceil(k/32)·2][d][16].</summary>
    public static float[] Pack(ReadOnlySpan<float> centroids, int k, int d)
    {
        int panels = (k + 2 * Lanes - 1) / (2 * Lanes) * 2;
        var packed = new float[(long)panels * d * Lanes];
        for (int c = 0; c < k; c++)
        {
            int p = c / Lanes, lane = c % Lanes;
            var row = centroids.Slice(c * d, d);
            for (int l = 0; l < d; l++) packed[((long)p * d + l) * Lanes + lane] = row[l];
        }
        return packed;
    }

    /// <summary>For rows of <paramref name="points"/>, the best centroid (highest inner product, ties to the lower index) and its score.</summary>
    public static void Assign(ReadOnlySpan<float> points, int rows, int d, float[] packed, int k, Span<int> bestIndex, Span<float> best)
    {
        best[..rows].Fill(float.NegativeInfinity);
        bestIndex[..rows].Fill(0);
        int pairs = packed.Length / (d * Lanes) / 2;
        Span<float> tile = stackalloc float[Rows * 2 * Lanes];
        ref float x = ref MemoryMarshal.GetReference(points);
        ref float b = ref MemoryMarshal.GetArrayDataReference(packed);
        for (int pair = 0; pair < pairs; pair++)
        {
            ref float b0 = ref Unsafe.Add(ref b, (nint)(2 * pair) * d * Lanes);
            ref float b1 = ref Unsafe.Add(ref b, (nint)(2 * pair + 1) * d * Lanes);
            int c0 = pair * 2 * Lanes, width = Math.Min(2 * Lanes, k - c0);
            int r = 0;
            for (; r + Rows <= rows; r += Rows)
            {
                Kernel6(ref Unsafe.Add(ref x, (nint)r * d), d, ref b0, ref b1, tile);
                Reduce(tile, Rows, width, c0, r, bestIndex, best);
            }
            for (; r < rows; r++)
            {
                Kernel1(ref Unsafe.Add(ref x, (nint)r * d), d, ref b0, ref b1, tile);
                Reduce(tile, 1, width, c0, r, bestIndex, best);
            }
        }
    }

    private static void Reduce(Span<float> tile, int rowCount, int width, int c0, int r0, Span<int> bestIndex, Span<float> best)
    {
        for (int i = 0; i < rowCount; i++)
        {
            float max = best[r0 + i];
            int arg = -1;
            var scores = tile.Slice(i * 2 * Lanes, width);
            for (int j = 0; j < scores.Length; j++)
                if (scores[j] > max) { max = scores[j]; arg = j; }
            if (arg >= 0) { best[r0 + i] = max; bestIndex[r0 + i] = c0 + arg; }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6(ref float x, int d, ref float b0, ref float b1, Span<float> tile)
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default,
            a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
        ref float x1 = ref Unsafe.Add(ref x, d);
        ref float x2 = ref Unsafe.Add(ref x, 2 * d);
        ref float x3 = ref Unsafe.Add(ref x, 3 * d);
        ref float x4 = ref Unsafe.Add(ref x, 4 * d);
        ref float x5 = ref Unsafe.Add(ref x, 5 * d);
        for (int l = 0; l < d; l++)
        {
            var v0 = Vector512.LoadUnsafe(ref b0, (nuint)(l * Lanes));
            var v1 = Vector512.LoadUnsafe(ref b1, (nuint)(l * Lanes));
            var p = Vector512.Create(Unsafe.Add(ref x, l));
            a00 = Vector512.FusedMultiplyAdd(p, v0, a00); a01 = Vector512.FusedMultiplyAdd(p, v1, a01);
            p = Vector512.Create(Unsafe.Add(ref x1, l));
            a10 = Vector512.FusedMultiplyAdd(p, v0, a10); a11 = Vector512.FusedMultiplyAdd(p, v1, a11);
            p = Vector512.Create(Unsafe.Add(ref x2, l));
            a20 = Vector512.FusedMultiplyAdd(p, v0, a20); a21 = Vector512.FusedMultiplyAdd(p, v1, a21);
            p = Vector512.Create(Unsafe.Add(ref x3, l));
            a30 = Vector512.FusedMultiplyAdd(p, v0, a30); a31 = Vector512.FusedMultiplyAdd(p, v1, a31);
            p = Vector512.Create(Unsafe.Add(ref x4, l));
            a40 = Vector512.FusedMultiplyAdd(p, v0, a40); a41 = Vector512.FusedMultiplyAdd(p, v1, a41);
            p = Vector512.Create(Unsafe.Add(ref x5, l));
            a50 = Vector512.FusedMultiplyAdd(p, v0, a50); a51 = Vector512.FusedMultiplyAdd(p, v1, a51);
        }
        ref float t = ref MemoryMarshal.GetReference(tile);
        a00.StoreUnsafe(ref t, 0); a01.StoreUnsafe(ref t, 16);
        a10.StoreUnsafe(ref t, 32); a11.StoreUnsafe(ref t, 48);
        a20.StoreUnsafe(ref t, 64); a21.StoreUnsafe(ref t, 80);
        a30.StoreUnsafe(ref t, 96); a31.StoreUnsafe(ref t, 112);
        a40.StoreUnsafe(ref t, 128); a41.StoreUnsafe(ref t, 144);
        a50.StoreUnsafe(ref t, 160); a51.StoreUnsafe(ref t, 176);
    }

    private static void Kernel1(ref float x, int d, ref float b0, ref float b1, Span<float> tile)
    {
        Vector512<float> a0 = default, a1 = default;
        for (int l = 0; l < d; l++)
        {
            var p = Vector512.Create(Unsafe.Add(ref x, l));
            a0 = Vector512.FusedMultiplyAdd(p, Vector512.LoadUnsafe(ref b0, (nuint)(l * Lanes)), a0);
            a1 = Vector512.FusedMultiplyAdd(p, Vector512.LoadUnsafe(ref b1, (nuint)(l * Lanes)), a1);
        }
        ref float t = ref MemoryMarshal.GetReference(tile);
        a0.StoreUnsafe(ref t, 0); a1.StoreUnsafe(ref t, 16);
    }
}
