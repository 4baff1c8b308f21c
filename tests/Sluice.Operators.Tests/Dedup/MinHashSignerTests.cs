using Sluice.Operators.Dedup;

namespace Sluice.Operators.Tests.Dedup;

public sealed class MinHashSignerTests
{
    private static readonly MinHashSigner Signer = new(new MinHashOptions());

    // Two unrelated Chinese paragraphs, written for these tests.
    private const string ChineseRiver =
        "长江是中国最长的河流，发源于青藏高原，向东流经许多省份，最后在上海附近注入东海。沿岸的城市依靠这条河发展农业、" +
        "渔业和航运，几千年来人们在两岸种植水稻，修建堤坝，也留下了许多关于洪水和治水的故事。今天，江上的大桥和港口把" +
        "东部和西部连接起来，货船日夜不停地运送煤炭、粮食和机器。";
    private const string ChineseKitchen =
        "做一碗好面条并不难，先把面粉和水揉成光滑的面团，盖上湿布醒半个小时。然后用擀面杖把面团擀薄，切成细条，撒一点" +
        "干粉防止粘连。锅里的水烧开以后下面，煮到浮起再加一次冷水，捞出来放进碗里，浇上热汤，配上青菜和鸡蛋就可以吃了。";

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("?!... --- ***")]
    public void Sign_NoWords_IsNull(string text) => Assert.Null(Signer.Sign(text));

    [Fact]
    public void TrySign_NoWords_IsFalse() => Assert.False(Signer.TrySign("  !! ", new ulong[Signer.Options.HashCount]));

    [Fact]
    public void Sign_OneWord_GivesAFullSignatureBelowThePrime()
    {
        var signature = Signer.Sign("Hello!");
        Assert.NotNull(signature);
        Assert.Equal(112, signature.Length);
        Assert.All(signature, v => Assert.True(v < MinHashPermutations.Prime));
        Assert.True(signature.Distinct().Count() > 100, "112 permutations of one shingle should give (almost) distinct values");
    }

    [Fact]
    public void Sign_FewerWordsThanShingle_EqualsSignatureOfTheSameWordsWhateverThePunctuation() =>
        Assert.Equal(Signer.Sign("Two words"), Signer.Sign("  two, WORDS! "));

    [Fact]
    public void Sign_IdenticalTexts_IdenticalSignatures()
    {
        var text = NearDuplicatePlanter.Documents[0];
        Assert.Equal(Signer.Sign(text), Signer.Sign(new string(text.AsSpan())));
    }

    [Fact]
    public void Sign_FixedSentence_MatchesGolden()
    {
        // Pins normalisation, XxHash64, SplitMix64 parameters and the modular arithmetic: any change shows here.
        var signature = Signer.Sign("The quick brown fox jumps over the lazy dog, again and again in 2024.")!;
        Assert.Equal(Golden, signature[..4]);
    }

    private static readonly ulong[] Golden = [138553731668434556, 22743156964620977, 181215135169651540, 133978476689127633];

    [Fact]
    public void Sign_DifferentSeed_DifferentSignature() =>
        Assert.NotEqual(Signer.Sign("a b c d e f g"), new MinHashSigner(new MinHashOptions { Seed = 2 }).Sign("a b c d e f g"));

    [Fact]
    public void Sign_ChineseWithAFewEditedCharacters_HighEstimatedJaccard()
    {
        var edited = ChineseRiver.Replace("最长", "最大").Replace("水稻", "小麦").Replace("煤炭", "石油");
        var estimate = MinHashSigner.EstimateJaccard(Signer.Sign(ChineseRiver), Signer.Sign(edited));
        var truth = NearDuplicatePlanter.TrueJaccard(ChineseRiver, edited, 5);
        Assert.InRange(truth, 0.75, 0.95); // shingled by characters: three edits break at most 3 × 5 + 2 shingles
        Assert.InRange(estimate, truth - 0.15, truth + 0.15);
    }

    [Fact]
    public void Sign_UnrelatedChinese_LowEstimatedJaccard() =>
        Assert.True(MinHashSigner.EstimateJaccard(Signer.Sign(ChineseRiver), Signer.Sign(ChineseKitchen)) < 0.1);

    [Fact]
    public void Kernels_RandomShingles_ScalarAndVectorAgree()
    {
        var permutations = new MinHashPermutations(112, 1);
        var random = new Random(3);
        var shingles = Enumerable.Range(0, 257).Select(_ => MinHashPermutations.Reduce((ulong)random.NextInt64() * 3 + (ulong)random.Next())).ToArray();
        shingles[5] = 0;
        shingles[6] = MinHashPermutations.Prime - 1;
        var scalar = new ulong[112];
        var vector = new ulong[112];
        permutations.MinIntoScalar(shingles, scalar);
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported) return;
        permutations.MinIntoAvx2(shingles, vector);
        Assert.Equal(scalar, vector);
    }

    [Fact]
    public void Kernels_OddHashCount_ScalarAndVectorAgree()
    {
        var permutations = new MinHashPermutations(7, 99);
        ulong[] shingles = [1, 2, MinHashPermutations.Prime - 2, 123456789012345];
        var scalar = new ulong[7];
        var vector = new ulong[7];
        permutations.MinIntoScalar(shingles, scalar);
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported) return;
        permutations.MinIntoAvx2(shingles, vector);
        Assert.Equal(scalar, vector);
    }

    [Fact]
    public void BandKey_SameRows_SameKey_OtherBandOrRows_OtherKey()
    {
        ulong[] signature = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 5];
        Assert.NotEqual(MinHashSigner.BandKey(signature, 0, 4), MinHashSigner.BandKey(signature, 1, 4)); // band seeds the hash
        Assert.NotEqual(MinHashSigner.BandKey(signature, 1, 4), MinHashSigner.BandKey(signature, 2, 4));
        ulong[] shifted = [9, 9, 9, 9, 1, 2, 3, 4];
        Assert.Equal(MinHashSigner.BandKey(signature, 1, 4), MinHashSigner.BandKey(shifted, 1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MinHashSigner.BandKey(signature, 3, 4));
    }

    [Fact]
    public void EstimateJaccard_CountsEqualPositions()
    {
        Assert.Equal(0.75, MinHashSigner.EstimateJaccard([1, 2, 3, 4], [1, 2, 3, 5]));
        Assert.Throws<ArgumentException>(() => MinHashSigner.EstimateJaccard([1, 2], [1]));
    }

    [Fact]
    public void TrySign_Warm_AllocatesNothing()
    {
        var texts = new[] { NearDuplicatePlanter.Documents[1], "Ｆｕｌｌ naïve 中文文本 한국어 3.14 ﬁne" };
        Span<ulong> signature = stackalloc ulong[Signer.Options.HashCount];
        foreach (var text in texts) Signer.TrySign(text, signature); // rents the pooled buffers and loads the fold table

        // A gen-2 collection caused by tests running beside this one may trim ArrayPool.Shared and make one round
        // rent afresh, so the warm path must allocate nothing in at least one of three rounds.
        var allocated = new long[3];
        for (var round = 0; round < allocated.Length; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
                foreach (var text in texts) Signer.TrySign(text, signature);
            allocated[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(allocated.Min() == 0, $"bytes allocated per round: {string.Join(", ", allocated)}");
    }

    [Fact]
    public void TrySign_WrongSpanLength_Throws() =>
        Assert.Throws<ArgumentException>(() => Signer.TrySign("text", new ulong[10]));

    [Fact]
    public void Sign_ManyThreads_SameSignatures()
    {
        var docs = NearDuplicatePlanter.Documents.Take(40).ToArray();
        var expected = docs.Select(d => Signer.Sign(d)).ToArray();
        var actual = new ulong[docs.Length][];
        Parallel.For(0, docs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i % docs.Length] = Signer.Sign(docs[i % docs.Length])!);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0, 14, 8, "ShingleWords")]
    [InlineData(5, 0, 8, "Bands")]
    [InlineData(5, 14, -1, "RowsPerBand")]
    [InlineData(5, 100000, 100000, "Bands")]
    public void Validate_Nonsense_NamesTheField(int shingle, int bands, int rows, string field)
    {
        var options = new MinHashOptions { ShingleWords = shingle, Bands = bands, RowsPerBand = rows };
        Assert.Equal(field, Assert.Throws<ArgumentException>(options.Validate).ParamName);
        Assert.Throws<ArgumentException>(() => new MinHashSigner(options));
    }
}
