using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Operators.Search;

/// <summary>
/// float16 → float32 for whole vector batches. Every half is exactly representable as a float, so the result equals
/// <c>(float)h</c> element by element; the SIMD path only makes it fast enough to run per scanned batch.
/// </summary>
internal static class HalfConversion
{
    private const uint ExponentMask = 0x7C00u << 13;
    private const uint ExponentBias = (127 - 15) << 23;

    /// <summary>destination[i] = (float)source[i]; <paramref name="destination"/> is at least as long.</summary>
    public static void ToSingle(ReadOnlySpan<Half> source, Span<float> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is shorter than source", nameof(destination));
        var bits = MemoryMarshal.Cast<Half, ushort>(source);
        var output = MemoryMarshal.Cast<float, uint>(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref ushort src = ref MemoryMarshal.GetReference(bits);
            ref uint dst = ref MemoryMarshal.GetReference(output);
            for (; i + 16 <= bits.Length; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                Convert(lo).StoreUnsafe(ref dst, (nuint)i);
                Convert(hi).StoreUnsafe(ref dst, (nuint)(i + 8));
            }
        }
        for (; i < bits.Length; i++) destination[i] = (float)source[i];
    }

    // The exponent is rebiased by integer addition; Inf/NaN get the rest of the float exponent range, and
    // subnormal halves (exponent 0) are normalised by subtracting 2^-14 as a float, which is exact.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Convert(Vector256<uint> h)
    {
        var magnitude = (h & Vector256.Create(0x7FFFu)) << 13;
        var exponent = magnitude & Vector256.Create(ExponentMask);
        var value = magnitude + Vector256.Create(ExponentBias);
        var special = Vector256.Equals(exponent, Vector256.Create(ExponentMask));
        value += special & Vector256.Create((uint)(128 - 16) << 23);
        var subnormal = Vector256.Equals(exponent, Vector256<uint>.Zero);
        var normalised = (value + Vector256.Create(1u << 23)).AsSingle() - Vector256.Create(113u << 23).AsSingle();
        value = Vector256.ConditionalSelect(subnormal, normalised.AsUInt32(), value);
        return value | ((h & Vector256.Create(0x8000u)) << 16);
    }
}
