using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Operators.Dedup;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Dedup;

public sealed class MinHashProperties
{
    private static readonly string[] Pieces =
        ["alpha", "Beta", "γράμμα", "中文", "日本", "한국", "ไทย", "3.14", "1,000", "x.", "end!", "é", "ﬁ", "Ｗ", "🎉", "a-b", "\u00AD", "2."];
    private static readonly string[] Gaps = [" ", "  ", "\n", "\t", ", ", "\u00a0", ""];

    private static string Text(int seed)
    {
        var random = new Random(seed);
        var parts = new List<string>();
        for (var i = random.Next(0, 40); i > 0; i--)
        {
            parts.Add(Pieces[random.Next(Pieces.Length)]);
            parts.Add(Gaps[random.Next(Gaps.Length)]);
        }
        return string.Concat(parts);
    }

    [Property(MaxTest = 300)]
    public Property Normalize_AnyText_IsIdempotent(int seed) => IsIdempotent(seed).Label(DedupText.Normalize(Text(seed)));

    [Property(MaxTest = 300)]
    public Property SignerWords_AnyText_AreDedupTextWords(int seed) => SignerWordsMatch(seed).Label(Text(seed));

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void TextProperties_FixedSeeds_Hold(int seed)
    {
        Assert.True(IsIdempotent(seed), "idempotent");
        Assert.True(SignerWordsMatch(seed), "signer words");
    }

    private static bool IsIdempotent(int seed)
    {
        var once = DedupText.Normalize(Text(seed));
        return DedupText.Normalize(once) == once;
    }

    // The signer shingles the spaced form; its words must be exactly DedupText.Words(DedupText.Normalize(text)).
    private static bool SignerWordsMatch(int seed)
    {
        var text = Text(seed);
        var buffer = ArrayPool<char>.Shared.Rent(16);
        var length = DedupNormalizer.NormalizeInto(text, ref buffer, spaceCharWords: true);
        var spaced = new string(buffer, 0, length);
        ArrayPool<char>.Shared.Return(buffer);
        var words = spaced.Length == 0 ? [] : spaced.Split(' ').ToList();
        return words.SequenceEqual(DedupText.Words(DedupText.Normalize(text)));
    }

    [Property(MaxTest = 200)]
    public Property Kernels_AnyShinglesAndSeed_MatchExactArithmetic(ulong seed, NonEmptyArray<ulong> hashes, PositiveInt count)
    {
        var n = count.Get % 40 + 1;
        var permutations = new MinHashPermutations(n, seed);
        var shingles = hashes.Get.Select(MinHashPermutations.Reduce).ToArray();
        var scalar = new ulong[n];
        permutations.MinIntoScalar(shingles, scalar);
        var vector = (ulong[])scalar.Clone();
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) permutations.MinIntoAvx2(shingles, vector);

        // The textbook definition in 128-bit arithmetic, from the same parameters drawn again.
        var (a, b) = Parameters(n, seed);
        var exact = Enumerable.Range(0, n).Select(i => shingles.Min(x => (ulong)(((UInt128)a[i] * x + b[i]) % MinHashPermutations.Prime))).ToArray();
        return scalar.SequenceEqual(exact).Label("scalar").And(vector.SequenceEqual(exact)).Label("avx2");
    }

    private static (ulong[] A, ulong[] B) Parameters(int n, ulong seed)
    {
        ulong Next()
        {
            var z = seed += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        var a = new ulong[n];
        var b = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = 1 + Next() % (MinHashPermutations.Prime - 1);
            b[i] = Next() % MinHashPermutations.Prime;
        }
        return (a, b);
    }
}
