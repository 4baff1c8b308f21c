using Sluice.Operators.Clustering;
using Sluice.Operators.Selection;
using Sluice.Operators.Tests.Selection;

namespace Sluice.Operators.Tests.Clustering;

public class CosineKMeansTests
{
    [Fact]
    public void Fit_PlantedClusters_RecoversThemWithHighPurity()
    {
        var (vectors, labels) = PlantedClusters.Make(k: 8, perCluster: 200, d: 32, noise: 0.15f, seed: 1);
        var result = CosineKMeans.Fit(vectors, 32, new CosineKMeansOptions { Clusters = 8, Iterations = 15, Seed = 3 });
        Assert.True(PlantedClusters.Purity(result.Assignments, labels, 8) >= 0.95, "purity below 0.95");
        Assert.Equal(1600, result.Sizes().Sum());
    }

    [Fact]
    public void Fit_SameSeed_SameResultWhateverTheThreadCount()
    {
        var (vectors, _) = PlantedClusters.Make(k: 6, perCluster: 150, d: 24, noise: 0.6f, seed: 2);
        var one = CosineKMeans.Fit(vectors, 24, new CosineKMeansOptions { Clusters = 10, Iterations = 8, Seed = 5, MaxDegreeOfParallelism = 1 });
        var many = CosineKMeans.Fit(vectors, 24, new CosineKMeansOptions { Clusters = 10, Iterations = 8, Seed = 5, MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.Assignments, many.Assignments);
        Assert.Equal(one.Centroids, many.Centroids);
        var other = CosineKMeans.Fit(vectors, 24, new CosineKMeansOptions { Clusters = 10, Iterations = 8, Seed = 6 });
        Assert.NotEqual(one.Centroids, other.Centroids);
    }

    [Fact]
    public void Fit_CentroidsAreUnitAndLabelsBelongToThem()
    {
        var (vectors, _) = PlantedClusters.Make(k: 4, perCluster: 50, d: 16, noise: 0.5f, seed: 3);
        var result = CosineKMeans.Fit(vectors, 16, new CosineKMeansOptions { Clusters = 4, Iterations = 5 });
        for (int c = 0; c < 4; c++)
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(result.Centroids.AsSpan(c * 16, 16)), 4);
        var again = new int[200];
        CosineKMeans.Assign(vectors, 16, result.Centroids, again);
        Assert.Equal(result.Assignments, again);
    }

    [Fact]
    public void Fit_DuplicatePointsLeaveClustersEmpty_TheyAreReseededAndCounted()
    {
        // 3 distinct points repeated, k = 6: seeding picks duplicates, so some clusters start empty.
        var (basis, _) = PlantedClusters.Make(k: 3, perCluster: 1, d: 8, noise: 0f, seed: 4);
        var vectors = Enumerable.Range(0, 30).SelectMany(i => basis.AsSpan((i % 3) * 8, 8).ToArray()).ToArray();
        var result = CosineKMeans.Fit(vectors, 8, new CosineKMeansOptions { Clusters = 6, Iterations = 3, Seed = 0 });
        Assert.True(result.EmptyClustersReseeded > 0);
        Assert.Equal(30, result.Sizes().Sum());
    }

    [Fact]
    public void Fit_BadInput_ThrowsClearly()
    {
        Assert.Throws<ArgumentException>(() => CosineKMeans.Fit(new float[8 * 3], 8, new CosineKMeansOptions { Clusters = 4 }));
        var nan = new float[16 * 10];
        nan[37] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => CosineKMeans.Fit(nan, 16, new CosineKMeansOptions { Clusters = 2 }));
        Assert.Contains("row 2", e.Message);
        Assert.Throws<ArgumentException>(() => CosineKMeans.Fit(new float[10], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineKMeans.Fit(new float[30], 3, new CosineKMeansOptions { Clusters = 0 }));
    }

    [Fact]
    public void MiniBatch_PlantedClusters_RecoversThemAndIsDeterministic()
    {
        var (vectors, labels) = PlantedClusters.Make(k: 5, perCluster: 400, d: 16, noise: 0.15f, seed: 7);
        float[] Run()
        {
            var model = new MiniBatchCosineKMeans(16, new CosineKMeansOptions { Clusters = 5, Seed = 11 });
            for (int start = 0; start < 2000; start += 250)
                model.Update(vectors.AsMemory(start * 16, 250 * 16));
            return model.Centroids.ToArray();
        }
        var centroids = Run();
        Assert.Equal(centroids, Run());
        var assignments = new int[2000];
        CosineKMeans.Assign(vectors, 16, centroids, assignments);
        Assert.True(PlantedClusters.Purity(assignments, labels, 5) >= 0.95);
    }

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(13, 33, 20)]
    [InlineData(130, 70, 384)]
    public void Assign_MatchesBruteForceArgmax(int n, int k, int d)
    {
        var (vectors, _) = PlantedClusters.Make(k: 1, perCluster: n, d: d, noise: 5f, seed: n);
        var (centroids, _) = PlantedClusters.Make(k: 1, perCluster: k, d: d, noise: 5f, seed: k + 1000);
        var assignments = new int[n];
        var scores = new float[n];
        CosineKMeans.Assign(vectors, d, centroids, assignments, scores);
        for (int i = 0; i < n; i++)
        {
            double Dot(int c) => Enumerable.Range(0, d).Sum(j => (double)vectors[i * d + j] * centroids[c * d + j]);
            double max = Enumerable.Range(0, k).Max(Dot);
            Assert.True(Dot(assignments[i]) >= max - 1e-5, $"point {i}: chose {assignments[i]}");
            Assert.Equal(Dot(assignments[i]), scores[i], 4);
        }
    }
}
