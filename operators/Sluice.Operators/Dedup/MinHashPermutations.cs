using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Operators.Dedup;

/// <summary>
/// The universal-hash permutations h_i(x) = (a_i·x + b_i) mod p with p = 2^61 − 1, and the kernel that takes the
/// minimum of each over a document's shingle hashes. The modulus is exact: DataTrove (minhash.py, commit
/// a649de79c14a550dc90f48a15c025f2dd3fd3b57) multiplies in numpy uint64, which wraps at 2^64 before its "mod p";
/// here the 122-bit product is reduced properly, so the family is the textbook one.
/// </summary>
internal sealed class MinHashPermutations
{
    /// <summary>The Mersenne prime 2^61 − 1.</summary>
    public const ulong Prime = (1UL << 61) - 1;

    private const int Lanes = 4;
    private readonly ulong[] _a, _b;
    // Vector copies, padded to whole vectors: the low and high 32-bit halves of a, for 32×32→64 multiplies.
    private readonly ulong[] _aLow, _aHigh, _bPadded;

    /// <summary>
    /// Draws <paramref name="count"/> pairs from SplitMix64 seeded with <paramref name="seed"/>, in the order
    /// a_0, b_0, a_1, b_1, …: a_i = 1 + (draw mod (p − 1)), b_i = draw mod p. SplitMix64 is a few integer operations
    /// that any language reproduces bit for bit (bench/dedup/minhash_ref.py does), unlike a platform's Random.
    /// </summary>
    public MinHashPermutations(int count, ulong seed)
    {
        _a = new ulong[count];
        _b = new ulong[count];
        var state = seed;
        for (var i = 0; i < count; i++)
        {
            _a[i] = 1 + SplitMix64(ref state) % (Prime - 1);
            _b[i] = SplitMix64(ref state) % Prime;
        }
        var padded = (count + Lanes - 1) / Lanes * Lanes;
        _aLow = new ulong[padded];
        _aHigh = new ulong[padded];
        _bPadded = new ulong[padded];
        for (var i = 0; i < count; i++)
        {
            _aLow[i] = _a[i] & uint.MaxValue;
            _aHigh[i] = _a[i] >> 32;
            _bPadded[i] = _b[i];
        }
    }

    /// <summary>Number of permutations.</summary>
    public int Count => _a.Length;

    /// <summary>
    /// Writes min over <paramref name="shingles"/> of h_i into <paramref name="signature"/>[i]. Each shingle hash
    /// must already be reduced mod p (<see cref="Reduce"/>); <paramref name="shingles"/> must not be empty.
    /// </summary>
    public void MinInto(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        if (Avx2.IsSupported) MinIntoAvx2(shingles, signature);
        else MinIntoScalar(shingles, signature);
    }

    /// <summary>x mod p for any 64-bit x.</summary>
    public static ulong Reduce(ulong x)
    {
        var r = (x & Prime) + (x >> 61);
        return r >= Prime ? r - Prime : r;
    }

    /// <summary>The portable kernel: one 64×64→128-bit multiply per permutation and shingle.</summary>
    internal void MinIntoScalar(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        for (var i = 0; i < _a.Length; i++)
        {
            ulong a = _a[i], b = _b[i], min = Prime;
            foreach (var x in shingles)
            {
                var high = Math.BigMul(a, x, out var low);
                // a, x < 2^61 so high < 2^58; 2^64 ≡ 8 (mod p), hence high·2^64 ≡ high·8.
                var s = (high << 3) + (low & Prime) + (low >> 61) + b;
                s = (s & Prime) + (s >> 61);
                if (s >= Prime) s -= Prime;
                if (s < min) min = s;
            }
            signature[i] = min;
        }
    }

    /// <summary>
    /// AVX2 kernel: four permutations per vector. AVX2 multiplies only 32×32→64 bits, so a·x is built from four
    /// partial products of the 32-bit halves (a = a1·2^32 + a0, x = x1·2^32 + x0, a1 and x1 below 2^29) and each is
    /// folded mod p with 2^61 ≡ 1: a1·x1·2^64 ≡ 8·a1·x1, and (a0·x1 + a1·x0)·2^32 ≡ its bits above 29 plus its low 29
    /// bits shifted up by 32. The unreduced sum stays below 2^64 and, once folded, below 2^62, so the signed 64-bit
    /// compares (AVX2 has no unsigned ones) are exact.
    /// </summary>
    internal void MinIntoAvx2(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        Span<ulong> mins = stackalloc ulong[_aLow.Length];
        var i = 0;
        // Two vectors (eight permutations) per pass over the shingles: the broadcast halves of x are shared and
        // the two independent minimum chains keep the multiplier busy.
        for (; i + 2 * Lanes <= _aLow.Length; i += 2 * Lanes)
        {
            var (a0, a1, b) = Parameters(i);
            var (c0, c1, d) = Parameters(i + Lanes);
            var min = Vector256.Create((long)Prime);
            var min2 = min;
            foreach (var x in shingles)
            {
                var x0 = Vector256.Create(x).AsUInt32();
                var x1 = Vector256.Create(x >> 32).AsUInt32();
                min = Vector256.Min(min, MulAddMod(a0, a1, b, x0, x1).AsInt64());
                min2 = Vector256.Min(min2, MulAddMod(c0, c1, d, x0, x1).AsInt64());
            }
            min.AsUInt64().CopyTo(mins[i..]);
            min2.AsUInt64().CopyTo(mins[(i + Lanes)..]);
        }
        if (i < _aLow.Length)
        {
            var (a0, a1, b) = Parameters(i);
            var min = Vector256.Create((long)Prime);
            foreach (var x in shingles)
                min = Vector256.Min(min, MulAddMod(a0, a1, b, Vector256.Create(x).AsUInt32(), Vector256.Create(x >> 32).AsUInt32()).AsInt64());
            min.AsUInt64().CopyTo(mins[i..]);
        }
        mins[..signature.Length].CopyTo(signature);
    }

    private (Vector256<uint> A0, Vector256<uint> A1, Vector256<ulong> B) Parameters(int i) =>
        (Vector256.Create<ulong>(_aLow.AsSpan(i, Lanes)).AsUInt32(), Vector256.Create<ulong>(_aHigh.AsSpan(i, Lanes)).AsUInt32(),
            Vector256.Create<ulong>(_bPadded.AsSpan(i, Lanes)));

    /// <summary>(a·x + b) mod p in four lanes, fully reduced, from the 32-bit halves of a and x (see <see cref="MinIntoAvx2"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MulAddMod(Vector256<uint> a0, Vector256<uint> a1, Vector256<ulong> b, Vector256<uint> x0, Vector256<uint> x1)
    {
        var prime = Vector256.Create(Prime);
        var p00 = Avx2.Multiply(a0, x0);
        var mid = Avx2.Multiply(a0, x1) + Avx2.Multiply(a1, x0);
        var p11 = Avx2.Multiply(a1, x1);
        var s = (p11 << 3)
            + (mid >> 29) + ((mid & Vector256.Create((1UL << 29) - 1)) << 32)
            + (p00 & prime) + (p00 >> 61)
            + b;
        s = (s & prime) + (s >> 61);
        return s - (Vector256.GreaterThan(s.AsInt64(), Vector256.Create((long)Prime - 1)).AsUInt64() & prime);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
