using Sluice.Operators.Torch.GroupMates;

namespace Sluice.Operators.Torch.Tests.GroupMates;

public class RelationalInfluenceModelTests
{
    private static float G(Random r) => (float)(Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()));

    /// <summary>Rollouts whose marginal scores follow the relational formula with a hidden w, α = 0.7, τ = 1.5, plus noise.</summary>
    private static List<InfluenceRollout> Planted(int count, int d, int seed)
    {
        var random = new Random(seed);
        var w = Enumerable.Range(0, d).Select(_ => G(random)).ToArray();
        var rollouts = new List<InfluenceRollout>();
        for (int r = 0; r < count; r++)
        {
            var h = new float[10 * d];
            for (int i = 0; i < h.Length; i++) h[i] = G(random);
            for (int t = 0; t < 10; t++)
            {
                var row = h.AsSpan(t * d, d);
                System.Numerics.Tensors.TensorPrimitives.Divide(row, System.Numerics.Tensors.TensorPrimitives.Norm(row), row);
            }
            var s = Enumerable.Range(0, 10).Select(t => System.Numerics.Tensors.TensorPrimitives.Dot(h.AsSpan(t * d, d), w)).ToArray();
            var pred = new float[10];
            for (int t = 0; t < 10; t++)
            {
                double mean = 0;
                for (int j = 0; j < t; j++) mean += 0.7 * (1 - System.Numerics.Tensors.TensorPrimitives.Dot(h.AsSpan(t * d, d), h.AsSpan(j * d, d)) / 1.5);
                pred[t] = t == 0 ? s[0] : (float)(s[t] * mean / t);
            }
            var cumulative = new float[10];
            float sum = 0;
            for (int t = 0; t < 10; t++) { sum += 0.01f * pred[t] + 0.002f * G(random); cumulative[t] = sum; }
            rollouts.Add(new InfluenceRollout(h, cumulative));
        }
        return rollouts;
    }

    [Fact]
    public void Fit_PlantedSignal_HighHeldOutSpearman()
    {
        var (model, report) = RelationalInfluenceModel.Fit(Planted(300, 8, 1), 8,
            new InfluenceModelOptions { Epochs = 40, LearningRate = 2e-2, WarmupSteps = 10 });
        Assert.True(report.HeldOutSpearman > 0.8, $"held-out Spearman {report.HeldOutSpearman}");
        Assert.Equal(60, report.HeldOutRollouts);
        Assert.Equal(8, model.Dimension);
        var path = Path.Combine(Path.GetTempPath(), $"influence-{Guid.NewGuid():N}.txt");
        try
        {
            model.Save(path);
            var loaded = RelationalInfluenceModel.Load(path, 8);
            Assert.Equal(model.Weights, loaded.Weights);
            Assert.Equal(model.Alpha, loaded.Alpha);
            Assert.Throws<InvalidDataException>(() => RelationalInfluenceModel.Load(path, 384));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Fit_RolloutsOfDifferentLength_ClearError()
    {
        var rollouts = Planted(10, 4, 2);
        rollouts[3] = rollouts[3] with { Scores = rollouts[3].Scores[..5], Vectors = rollouts[3].Vectors[..20] };
        var e = Assert.Throws<ArgumentException>(() => RelationalInfluenceModel.Fit(rollouts, 4));
        Assert.Contains("rejected", e.Message);
    }
}
