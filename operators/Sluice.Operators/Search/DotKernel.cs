using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Operators.Search;

/// <summary>
/// Inner products of query rows and vector rows. Every pair is summed in the same order whichever path scores it
/// (one SIMD accumulator per pair over the dimension, a horizontal sum, then the scalar tail), so a score is
/// bit-identical whether it came from a tile, a single dot product, one thread or many: search results cannot
/// depend on how work was split.
/// </summary>
internal static class DotKernel
{
    private static readonly bool s_use512 = Vector512.IsHardwareAccelerated;

    /// <summary>scores[a * vn + b] = queries[a] · vectors[b] for a &lt; qn, b &lt; vn; rows are d floats.</summary>
    public static void Tile(ReadOnlySpan<float> queries, int qn, ReadOnlySpan<float> vectors, int vn, int d, Span<float> scores)
    {
        ref float q = ref MemoryMarshal.GetReference(queries);
        ref float v = ref MemoryMarshal.GetReference(vectors);
        ref float s = ref MemoryMarshal.GetReference(scores);
        int a = 0;
        for (; a + 4 <= qn; a += 4)
        {
            int b = 0;
            if (s_use512)
                for (; b + 4 <= vn; b += 4) Tile4x4V512(ref q, a, ref v, b, d, ref s, vn);
            else
                for (; b + 2 <= vn; b += 2) Tile4x2V256(ref q, a, ref v, b, d, ref s, vn);
            for (; b < vn; b++)
                for (int i = a; i < a + 4; i++) Unsafe.Add(ref s, i * vn + b) = Dot(ref Row(ref q, i, d), ref Row(ref v, b, d), d);
        }
        for (; a < qn; a++)
            for (int b = 0; b < vn; b++) Unsafe.Add(ref s, a * vn + b) = Dot(ref Row(ref q, a, d), ref Row(ref v, b, d), d);
    }

    /// <summary>x · y over <paramref name="d"/> floats, summed exactly as <see cref="Tile"/> sums it.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d) =>
        Dot(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Row(ref float m, int row, int d) => ref Unsafe.Add(ref m, (nint)row * d);

    private static float Dot(ref float x, ref float y, int d)
    {
        int j = 0;
        float sum = 0;
        if (s_use512)
        {
            var acc = Vector512<float>.Zero;
            for (; j + 16 <= d; j += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)j), Vector512.LoadUnsafe(ref y, (nuint)j), acc);
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; j + 8 <= d; j += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)j), Vector256.LoadUnsafe(ref y, (nuint)j), acc);
            sum = Vector256.Sum(acc);
        }
        for (; j < d; j++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, j), Unsafe.Add(ref y, j), sum);
        return sum;
    }

    // 4 queries × 4 vectors: 16 accumulators and 8 loads per step fit the 32 AVX-512 registers.
    private static void Tile4x4V512(ref float q, int a, ref float v, int b, int d, ref float s, int ld)
    {
        ref float q0 = ref Row(ref q, a, d); ref float q1 = ref Row(ref q, a + 1, d);
        ref float q2 = ref Row(ref q, a + 2, d); ref float q3 = ref Row(ref q, a + 3, d);
        ref float v0 = ref Row(ref v, b, d); ref float v1 = ref Row(ref v, b + 1, d);
        ref float v2 = ref Row(ref v, b + 2, d); ref float v3 = ref Row(ref v, b + 3, d);
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        int j = 0;
        for (; j + 16 <= d; j += 16)
        {
            var y0 = Vector512.LoadUnsafe(ref v0, (nuint)j); var y1 = Vector512.LoadUnsafe(ref v1, (nuint)j);
            var y2 = Vector512.LoadUnsafe(ref v2, (nuint)j); var y3 = Vector512.LoadUnsafe(ref v3, (nuint)j);
            var x = Vector512.LoadUnsafe(ref q0, (nuint)j);
            c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, y2, c02); c03 = Vector512.FusedMultiplyAdd(x, y3, c03);
            x = Vector512.LoadUnsafe(ref q1, (nuint)j);
            c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, y2, c12); c13 = Vector512.FusedMultiplyAdd(x, y3, c13);
            x = Vector512.LoadUnsafe(ref q2, (nuint)j);
            c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, y2, c22); c23 = Vector512.FusedMultiplyAdd(x, y3, c23);
            x = Vector512.LoadUnsafe(ref q3, (nuint)j);
            c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, y2, c32); c33 = Vector512.FusedMultiplyAdd(x, y3, c33);
        }
        ref float s0 = ref Unsafe.Add(ref s, a * ld + b);
        Store(ref s0, c00, c01, c02, c03, ref q0, ref v0, ref v1, ref v2, ref v3, j, d);
        Store(ref Unsafe.Add(ref s0, ld), c10, c11, c12, c13, ref q1, ref v0, ref v1, ref v2, ref v3, j, d);
        Store(ref Unsafe.Add(ref s0, 2 * ld), c20, c21, c22, c23, ref q2, ref v0, ref v1, ref v2, ref v3, j, d);
        Store(ref Unsafe.Add(ref s0, 3 * ld), c30, c31, c32, c33, ref q3, ref v0, ref v1, ref v2, ref v3, j, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float s, Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3,
        ref float x, ref float y0, ref float y1, ref float y2, ref float y3, int j, int d)
    {
        float s0 = Vector512.Sum(c0), s1 = Vector512.Sum(c1), s2 = Vector512.Sum(c2), s3 = Vector512.Sum(c3);
        for (; j < d; j++)
        {
            float xj = Unsafe.Add(ref x, j);
            s0 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y0, j), s0);
            s1 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y1, j), s1);
            s2 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y2, j), s2);
            s3 = MathF.FusedMultiplyAdd(xj, Unsafe.Add(ref y3, j), s3);
        }
        s = s0; Unsafe.Add(ref s, 1) = s1; Unsafe.Add(ref s, 2) = s2; Unsafe.Add(ref s, 3) = s3;
    }

    // 4 queries × 2 vectors: 8 accumulators and 6 loads per step fit the 16 AVX2 registers.
    private static void Tile4x2V256(ref float q, int a, ref float v, int b, int d, ref float s, int ld)
    {
        ref float v0 = ref Row(ref v, b, d); ref float v1 = ref Row(ref v, b + 1, d);
        for (int i = 0; i < 4; i += 2)
        {
            ref float q0 = ref Row(ref q, a + i, d); ref float q1 = ref Row(ref q, a + i + 1, d);
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= d; j += 8)
                {
                    var y0 = Vector256.LoadUnsafe(ref v0, (nuint)j); var y1 = Vector256.LoadUnsafe(ref v1, (nuint)j);
                    var x0 = Vector256.LoadUnsafe(ref q0, (nuint)j); var x1 = Vector256.LoadUnsafe(ref q1, (nuint)j);
                    c00 = Vector256.FusedMultiplyAdd(x0, y0, c00); c01 = Vector256.FusedMultiplyAdd(x0, y1, c01);
                    c10 = Vector256.FusedMultiplyAdd(x1, y0, c10); c11 = Vector256.FusedMultiplyAdd(x1, y1, c11);
                }
            }
            float s00 = Vector256.Sum(c00), s01 = Vector256.Sum(c01), s10 = Vector256.Sum(c10), s11 = Vector256.Sum(c11);
            for (; j < d; j++)
            {
                float x0 = Unsafe.Add(ref q0, j), x1 = Unsafe.Add(ref q1, j);
                float y0 = Unsafe.Add(ref v0, j), y1 = Unsafe.Add(ref v1, j);
                s00 = MathF.FusedMultiplyAdd(x0, y0, s00); s01 = MathF.FusedMultiplyAdd(x0, y1, s01);
                s10 = MathF.FusedMultiplyAdd(x1, y0, s10); s11 = MathF.FusedMultiplyAdd(x1, y1, s11);
            }
            ref float r0 = ref Unsafe.Add(ref s, (a + i) * ld + b);
            r0 = s00; Unsafe.Add(ref r0, 1) = s01;
            ref float r1 = ref Unsafe.Add(ref r0, ld);
            r1 = s10; Unsafe.Add(ref r1, 1) = s11;
        }
    }
}
