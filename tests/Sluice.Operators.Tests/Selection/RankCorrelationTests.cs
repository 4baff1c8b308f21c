using Sluice.Operators.Selection;

namespace Sluice.Operators.Tests.Selection;

public class RankCorrelationTests
{
    [Fact]
    public void Spearman_MonotoneButNonLinear_IsOne()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [1, 8, 27, 64, 125];
        Assert.Equal(1.0, RankCorrelation.Spearman(x, y), 12);
        Assert.True(RankCorrelation.Pearson(x, y) < 1.0);
    }

    [Fact]
    public void Spearman_Reversed_IsMinusOne() =>
        Assert.Equal(-1.0, RankCorrelation.Spearman([1, 2, 3], [3, 2, 1]), 12);

    [Fact]
    public void Ranks_TiesShareTheirAverageRank() =>
        Assert.Equal([1, 2.5, 2.5, 4], RankCorrelation.Ranks([1, 5, 5, 9]));

    [Fact]
    public void Pearson_KnownValue() =>
        Assert.Equal(0.8, RankCorrelation.Pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
}
