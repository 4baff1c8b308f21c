using Sluice.Operators.Selection;

namespace Sluice.Operators.Tests.Selection;

public class GroupSelectionTests
{
    private static float[] Basis(int m, int d)
    {
        var v = new float[m * d];
        for (int i = 0; i < m; i++) v[i * d + i] = 1f;
        return v;
    }

    [Fact]
    public void Predict_OrthogonalVectorsAlphaTauOne_EqualsIndividual()
    {
        var s = new[] { 0.3f, -1.2f, 0.7f, -0.05f, 2f };
        var pred = new float[5];
        RelationalInfluence.Predict(Basis(5, 8), 8, s, 1f, 1f, pred);
        Assert.Equal(s, pred);
    }

    [Fact]
    public void Predict_SecondOfTwoIdentical_HasNoInfluence()
    {
        var h = new float[] { 1, 0, 1, 0 };
        var pred = new float[2];
        RelationalInfluence.Predict(h, 2, [-1f, -1f], 1f, 1f, pred);
        Assert.Equal(-1f, pred[0]);
        Assert.Equal(0f, pred[1]);
    }

    [Fact]
    public void SelectGroup_OrthogonalVectors_EqualsSortingByPrediction()
    {
        var random = new Random(3);
        var pred = Enumerable.Range(0, 12).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var order = GroupSelection.SelectGroup(Basis(12, 12), 12, pred, 7);
        var sorted = Enumerable.Range(0, 12).OrderBy(i => pred[i]).Take(7).ToArray();
        Assert.Equal(sorted, order);
    }

    [Fact]
    public void SelectGroup_TwoIdenticalDocuments_SecondIsDeferred()
    {
        // 0 and 1 are the same text; 1 has the second-best prediction but adds nothing once 0 is in, so the
        // clearly worse but different document 2 goes before it.
        var h = new float[] { 1, 0, 0, 1, 0, 0, 0, 1, 0 };
        var pred = new[] { -1.0f, -0.9f, -0.5f };
        Assert.Equal([0, 2], GroupSelection.SelectGroup(h, 3, pred, 2));
        // Without the interactions (individual ranking) the duplicate would have been second.
        Assert.Equal([0, 1], Enumerable.Range(0, 3).OrderBy(i => pred[i]).Take(2));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.29)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void SelectByCluster_KeepsFloorOfRatioTimesSizeInEveryCluster(double ratio)
    {
        var random = new Random(9);
        int n = 500, d = 8, k = 13;
        var (vectors, _) = PlantedClusters.Make(k: 5, perCluster: 100, d: d, noise: 0.5f, seed: 9);
        var assignments = Enumerable.Range(0, n).Select(i => i % 11 == 0 ? 12 : random.Next(12)).ToArray(); // cluster 12 small
        assignments = assignments.Select(c => c == 7 ? 6 : c).ToArray(); // cluster 7 empty
        var pred = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var result = GroupSelection.SelectByCluster(vectors, d, pred, assignments, k, new GroupSelectionOptions { Ratio = ratio, Alpha = 0.8f, Tau = 1.3f });
        Assert.Equal(1, result.EmptyClusters);
        for (int c = 0; c < k; c++)
        {
            int size = assignments.Count(a => a == c);
            Assert.Equal((int)Math.Floor(ratio * size + 1e-9), result.Selected.Count(i => assignments[i] == c));
        }
        Assert.Equal(result.KeptPerCluster.Sum(), result.Selected.Length);
    }

    [Fact]
    public void SelectByCluster_SameAnswerWhateverTheThreadCount()
    {
        var (vectors, _) = PlantedClusters.Make(k: 4, perCluster: 60, d: 8, noise: 0.7f, seed: 10);
        var random = new Random(1);
        var pred = Enumerable.Range(0, 240).Select(_ => (float)random.NextDouble() - 0.7f).ToArray();
        var assignments = Enumerable.Range(0, 240).Select(i => i % 4).ToArray();
        var a = GroupSelection.SelectByCluster(vectors, 8, pred, assignments, 4, new GroupSelectionOptions { MaxDegreeOfParallelism = 1 });
        var b = GroupSelection.SelectByCluster(vectors, 8, pred, assignments, 4, new GroupSelectionOptions { MaxDegreeOfParallelism = 3 });
        Assert.Equal(a.PickOrder, b.PickOrder);
    }

    [Fact]
    public void SelectByCluster_BadInput_ThrowsClearly()
    {
        var h = Basis(3, 3);
        Assert.Throws<ArgumentException>(() => GroupSelection.SelectByCluster(h, 3, [0f, float.NaN, 1f], [0, 0, 0], 1));
        Assert.Throws<ArgumentException>(() => GroupSelection.SelectByCluster(h, 3, [0f, 1f, 1f], [0, 3, 0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupSelection.SelectByCluster(h, 3, [0f, 1f, 1f], [0, 0, 0], 1, new GroupSelectionOptions { Ratio = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupSelection.SelectByCluster(h, 3, [0f, 1f, 1f], [0, 0, 0], 1, new GroupSelectionOptions { Tau = 0 }));
    }
}
