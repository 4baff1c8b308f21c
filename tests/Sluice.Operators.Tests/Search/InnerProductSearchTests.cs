using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Operators.Search;

namespace Sluice.Operators.Tests.Search;

public class InnerProductSearchTests
{
    // Small integers keep every dot product exact in float, so the kernel must agree with the reference bit for bit,
    // and ties are frequent: this is what checks the lower-row tie rule.
    [Property(MaxTest = 200)]
    public bool Search_SmallIntegerData_EqualsNaiveReferenceExactly(int seed, PositiveInt rows, PositiveInt queries, PositiveInt dim, PositiveInt k, PositiveInt threads)
    {
        var random = new Random(seed);
        int n = rows.Get % 300, q = 1 + queries.Get % 40, d = 1 + dim.Get % 70, kk = 1 + k.Get % 12;
        var vectors = Matrix(random, n, d, () => random.Next(-2, 3));
        var query = Matrix(random, q, d, () => random.Next(-2, 3));
        var options = new ExactSearchOptions
        {
            MaxDegreeOfParallelism = 1 + threads.Get % 4,
            QueryBlock = 1 + random.Next(20),
            VectorBlockBytes = d * sizeof(float) * (1 + random.Next(64)),
        };
        var result = InnerProductSearch.Search(vectors, d, query, kk, options);
        var (refRows, refScores) = Reference(vectors, query, d, kk);
        return result.K == Math.Min(kk, n) && result.Rows.SequenceEqual(refRows) && result.Scores.SequenceEqual(refScores);
    }

    [Property(MaxTest = 60)]
    public bool Search_RandomFloats_MatchesReferenceWithinRounding(int seed, PositiveInt rows, PositiveInt dim)
    {
        var random = new Random(seed);
        int n = 1 + rows.Get % 2000, q = 1 + random.Next(33), d = 1 + dim.Get % 400, k = 1 + random.Next(15);
        var vectors = Matrix(random, n, d, () => random.NextSingle() * 2 - 1);
        var query = Matrix(random, q, d, () => random.NextSingle() * 2 - 1);
        var result = InnerProductSearch.Search(vectors, d, query, k);
        var (refRows, refScores) = Reference(vectors, query, d, k);
        for (int i = 0; i < refRows.Length; i++)
        {
            // Summation order differs from the reference, so near-ties may swap; the scores at each rank may not.
            if (Math.Abs(result.Scores[i] - refScores[i]) > 1e-4f) return false;
            int qi = i / result.K;
            float own = (float)DotDouble(query.AsSpan(qi * d, d), vectors.AsSpan(result.Rows[i] * d, d));
            if (Math.Abs(own - result.Scores[i]) > 1e-4f) return false;
        }
        return result.Rows.Chunk(Math.Max(1, result.K)).All(r => r.Distinct().Count() == r.Length);
    }

    [Fact]
    public void Search_SameInputDifferentSplits_IdenticalResults()
    {
        var random = new Random(7);
        int n = 5000, d = 384, q = 37;
        var vectors = Matrix(random, n, d, () => random.NextSingle() - 0.5f);
        var query = Matrix(random, q, d, () => random.NextSingle() - 0.5f);
        var a = InnerProductSearch.Search(vectors, d, query, 10, new ExactSearchOptions { MaxDegreeOfParallelism = 1 });
        var b = InnerProductSearch.Search(vectors, d, query, 10, new ExactSearchOptions { MaxDegreeOfParallelism = 4, QueryBlock = 3, VectorBlockBytes = 10_000 });
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Scores, b.Scores);
    }

    [Fact]
    public void Search_KLargerThanRows_ReturnsEveryRow()
    {
        var result = InnerProductSearch.Search(new float[] { 1, 0, 0, 1, 1, 1 }, 2, new float[] { 1, 2 }, 10);
        Assert.Equal(3, result.K);
        Assert.Equal([2, 1, 0], result.Rows);
        Assert.Equal([3f, 2f, 1f], result.Scores);
    }

    [Fact]
    public void Search_MatrixNotWholeRows_Throws() =>
        Assert.Throws<ArgumentException>(() => InnerProductSearch.Search(new float[5], 2, new float[2], 1));

    internal static float[] Matrix(Random random, int rows, int d, Func<float> next)
    {
        var m = new float[rows * d];
        for (int i = 0; i < m.Length; i++) m[i] = next();
        return m;
    }

    internal static (int[] Rows, float[] Scores) Reference(float[] vectors, float[] queries, int d, int k)
    {
        int n = vectors.Length / d, q = queries.Length / d, kk = Math.Min(k, n);
        var rows = new List<int>();
        var scores = new List<float>();
        for (int qi = 0; qi < q; qi++)
        {
            var scored = Enumerable.Range(0, n)
                .Select(r => (Row: r, Score: (float)DotDouble(queries.AsSpan(qi * d, d), vectors.AsSpan(r * d, d))))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Row).Take(kk);
            foreach (var (r, s) in scored) { rows.Add(r); scores.Add(s); }
        }
        return (rows.ToArray(), scores.ToArray());
    }

    private static double DotDouble(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += (double)x[i] * y[i];
        return s;
    }
}
