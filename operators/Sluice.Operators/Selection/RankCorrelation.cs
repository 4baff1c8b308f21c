namespace Sluice.Operators.Selection;

/// <summary>Pearson and Spearman correlations, for judging an influence model on held-out rollouts.</summary>
public static class RankCorrelation
{
    /// <summary>Pearson's r of two equally long series; 0 when either is constant.</summary>
    /// <exception cref="ArgumentException">Lengths differ or fewer than 2 values.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException("Pearson needs two series of equal length, at least 2.");
        double mx = 0, my = 0;
        for (int i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length; my /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman's ρ: Pearson's r of the ranks, ties sharing their average rank.</summary>
    /// <exception cref="ArgumentException">Lengths differ or fewer than 2 values.</exception>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException("Spearman needs two series of equal length, at least 2.");
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>1-based ranks; tied values get the mean of the ranks they span.</summary>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        var order = Enumerable.Range(0, copy.Length).OrderBy(i => copy[i]).ThenBy(i => i).ToArray();
        var ranks = new double[copy.Length];
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && copy[order[b + 1]] == copy[order[a]]) b++;
            double rank = (a + b) / 2.0 + 1;
            for (int i = a; i <= b; i++) ranks[order[i]] = rank;
            a = b + 1;
        }
        return ranks;
    }
}
