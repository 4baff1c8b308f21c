using Sluice.Operators.Search;

namespace Sluice.Operators.Tests.Search;

public class HybridFusionTests
{
    // Small depth and reference place so every number below is worked by hand.
    private static readonly HybridOptions Small = new() { Depth = 3, ReferenceRank = 1, Coefficient = 0.3f };

    [Fact]
    public void NestWeight_HandComputed()
    {
        // bm25 ratio 5/10 = 0.5; dense ratio 0.4/0.8 = 0.5; λ = 0.7·0.5 + 0.3·(1 − 0.5) = 0.5.
        Assert.Equal(0.5, HybridFusion.NestWeight([0.8f, 0.4f, 0.2f], [10f, 5f, 1f], Small), 6);
        // A negative dense score at the reference place counts as 0: dense ratio 0, λ = 0.7·0.5 + 0.3 = 0.65.
        Assert.Equal(0.65, HybridFusion.NestWeight([0.8f, -0.1f, -0.2f], [10f, 5f, 1f], Small), 6);
        // A BM25 list shorter than the reference place reads 0 there: λ = 0 + 0.3·0.5 = 0.15.
        Assert.Equal(0.15, HybridFusion.NestWeight([0.8f, 0.4f, 0.2f], [10f], Small), 6);
    }

    [Fact]
    public void Nest_MissingSideTakesThatSidesMinimum()
    {
        // λ = 0.5 (above). Dense: rows 1, 2, 3; BM25: rows 3, 4, 1. Missing fills: dense 0.2 (row 4), BM25 1 (row 2).
        var fused = HybridFusion.Nest([1, 2, 3], [0.8f, 0.4f, 0.2f], [3, 4, 1], [10f, 5f, 1f], 4, Small);
        // row 3: 0.5·0.2 + 0.5·10 = 5.1; row 4: 0.5·0.2 + 0.5·5 = 2.6; row 1: 0.5·0.8 + 0.5·1 = 0.9; row 2: 0.5·0.4 + 0.5·1 = 0.7.
        Assert.Equal([3, 4, 1, 2], fused.Select(f => f.Row));
        Assert.Equal([5.1f, 2.6f, 0.9f, 0.7f], fused.Select(f => f.Score), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Nest_ShortBm25List_FillsWithZero()
    {
        // BM25 matched only row 9: ratio 0 (place 1 reads 0), so λ = 0.3·(1 − 0.5) = 0.15; missing BM25 scores are 0.
        var fused = HybridFusion.Nest([1, 2, 3], [0.8f, 0.4f, 0.2f], [9, -1, -1], [4f, 0f, 0f], 2, Small);
        // row 9: 0.15·0.2 + 0.85·4 = 3.43; row 1: 0.15·0.8 = 0.12.
        Assert.Equal([9, 1], fused.Select(f => f.Row));
        Assert.Equal([3.43f, 0.12f], fused.Select(f => f.Score), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Nest_Coefficient_ChangesTheWeight()
    {
        var heavy = Small with { Coefficient = 1f };
        // A peaked dense list (ratio 0.1/0.8) and a BM25 list of ratio 0.5: c = 1 gives λ = 1 − 0.125 = 0.875.
        Assert.Equal(0.875, HybridFusion.NestWeight([0.8f, 0.1f, 0.05f], [10f, 5f, 1f], heavy), 6);
        Assert.Equal(0.7 * 0.5 + 0.3 * 0.875, HybridFusion.NestWeight([0.8f, 0.1f, 0.05f], [10f, 5f, 1f], Small), 6);
    }

    [Fact]
    public void Nest_DepthCutsEachSide()
    {
        // Depth 2: dense row 3 (third place) is no candidate, so it takes the dense fill 0.4 (the second place), not its
        // own 0.2. λ = 0.7·0 + 0.3·(1 − 0.4/0.8) = 0.15; row 3: 0.15·0.4 + 0.85·2 = 1.76 (1.73 with depth 3).
        var fused = HybridFusion.Nest([1, 2, 3], [0.8f, 0.4f, 0.2f], [3], [2f], 3, Small with { Depth = 2 });
        Assert.Equal([3, 1, 2], fused.Select(f => f.Row));
        Assert.Equal(1.76f, fused[0].Score, 5);
        Assert.Equal(1.73f, HybridFusion.Nest([1, 2, 3], [0.8f, 0.4f, 0.2f], [3], [2f], 3, Small)[0].Score, 5);
    }

    [Fact]
    public void ReciprocalRank_HandComputed()
    {
        var fused = HybridFusion.ReciprocalRank([1, 2, 3], [3, 4, -1], 4, new HybridOptions { RrfK = 60 });
        // row 3: 1/63 + 1/61; row 1: 1/61; row 4: 1/62; row 2: 1/62 — tie to the lower row.
        Assert.Equal([3, 1, 2, 4], fused.Select(f => f.Row));
        Assert.Equal((float)(1.0 / 63 + 1.0 / 61), fused[0].Score, 6);
        Assert.Equal((float)(1.0 / 62), fused[2].Score, 6);
    }

    [Fact]
    public void Fuse_BatchOfQueries_PadsShortResults()
    {
        var dense = new TopKResult(2, 2, [0, 1, 1, 0], [0.9f, 0.5f, 0.7f, 0.6f]);
        var bm25 = new TopKResult(2, 2, [1, -1, -1, -1], [3f, 0f, 0f, 0f]);
        var fused = HybridFusion.Fuse(dense, bm25, 3, new HybridOptions { Rule = HybridRule.Rrf });
        Assert.Equal([1, 0, -1, 1, 0, -1], fused.Rows);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
