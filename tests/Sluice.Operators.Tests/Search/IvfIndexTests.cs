using Sluice.Operators.Search;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Search;

public class IvfIndexTests(ITestOutputHelper output)
{
    // Clustered unit vectors (as real embeddings are): 20k rows, 200 true clusters, queries from the same mixture.
    [Fact]
    public void Search_ClusteredData_RecallAt10AtLeast95Percent()
    {
        const int d = 64, n = 20_000, q = 300, k = 10;
        var centres = Clustered(new Random(1), 200, d, null);
        var vectors = Clustered(new Random(2), n, d, centres);
        var queries = Clustered(new Random(3), q, d, centres);
        var ivf = IvfIndex.Build(vectors, d, new IvfOptions { Seed = 5 });
        var exact = InnerProductSearch.Search(vectors, d, queries, k);
        var approx = ivf.Search(vectors, queries, k, nprobe: 8);
        long found = 0;
        for (int i = 0; i < q; i++) found += approx.RowsOf(i).ToArray().Intersect(exact.RowsOf(i).ToArray()).Count();
        double recall = (double)found / (q * k);
        output.WriteLine($"IVF {ivf.Lists} lists, nprobe 8: recall@10 {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 {recall:F4}");
    }

    [Fact]
    public void Build_SameSeed_SameIndex()
    {
        var data = Clustered(new Random(4), 3000, 16, Clustered(new Random(5), 30, 16, null));
        var a = IvfIndex.Build(data, 16, new IvfOptions { Lists = 40, Seed = 9 });
        var b = IvfIndex.Build(data, 16, new IvfOptions { Lists = 40, Seed = 9, MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Centroids.ToArray(), b.Centroids.ToArray());
        for (int l = 0; l < a.Lists; l++) Assert.Equal(a.RowsOf(l).ToArray(), b.RowsOf(l).ToArray());
        Assert.Equal(3000, Enumerable.Range(0, a.Lists).Sum(l => a.RowsOf(l).Length));
    }

    private static float[] Clustered(Random random, int rows, int d, float[]? centres)
    {
        var m = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            var row = m.AsSpan(r * d, d);
            int c = centres is null ? -1 : random.Next(centres.Length / d);
            for (int j = 0; j < d; j++)
                row[j] = (float)(random.NextDouble() * 2 - 1) * (centres is null ? 1f : 0.6f / MathF.Sqrt(d)) + (c < 0 ? 0 : centres![c * d + j]);
            float norm = MathF.Sqrt(row.ToArray().Sum(x => x * x));
            for (int j = 0; j < d; j++) row[j] /= norm;
        }
        return m;
    }
}
