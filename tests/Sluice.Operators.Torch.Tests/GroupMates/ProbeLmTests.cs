using Sluice.Operators.Torch.GroupMates;

namespace Sluice.Operators.Torch.Tests.GroupMates;

public class ProbeLmTests
{
    [Fact]
    public void TrainStep_RepeatedBatch_LossGoesDown()
    {
        using var model = ProbeLm.Create(ProbeFixtures.Tiny, seed: 2);
        var batch = ProbeFixtures.Pool(8, 2).Select(p => p.Tokens).ToArray();
        double first = model.MeanLoss(batch);
        for (int i = 0; i < 30; i++) model.TrainStep(batch, 1e-2);
        Assert.True(model.MeanLoss(batch) < first - 0.5, "loss did not drop");
        Assert.Equal(30, model.Steps);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameLossAndOptimizerState()
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.bin");
        try
        {
            using var model = ProbeFixtures.TrainedModel();
            var batch = ProbeFixtures.Pool(4, 9).Select(p => p.Tokens).ToArray();
            model.Save(path);
            using var loaded = ProbeLm.Load(path, ProbeFixtures.Tiny);
            Assert.Equal(model.MeanLoss(batch), loaded.MeanLoss(batch));
            Assert.Equal(model.Steps, loaded.Steps);
            // Same optimizer moments: the next step lands on the same weights.
            model.TrainStep(batch, 1e-3);
            loaded.TrainStep(batch, 1e-3);
            Assert.Equal(model.MeanLoss(batch), loaded.MeanLoss(batch));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_CheckpointOfAnotherShape_ClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.bin");
        try
        {
            using (var model = ProbeLm.Create(ProbeFixtures.Tiny, 1)) model.Save(path);
            var e = Assert.Throws<InvalidDataException>(() => ProbeLm.Load(path, ProbeFixtures.Tiny with { Width = 64 }));
            Assert.Contains("width 32", e.Message);
            Assert.Contains("width 64", e.Message);
            File.WriteAllText(path, "not a checkpoint");
            Assert.Throws<InvalidDataException>(() => ProbeLm.Load(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Tokenizer_DocumentShorterThanASequence_RejectedWithReason()
    {
        var tokenizer = ProbeTokenizer.Gpt2();
        Assert.Null(tokenizer.Sequence("too short", 65, out var reason));
        Assert.Contains("shorter than a training sequence of 65", reason);
        var compact = ProbeTokenizer.Compact(["the cat sat on the mat", "the dog"], 4);
        Assert.Equal(4, compact.VocabularySize);
        Assert.All(compact.Encode("the zebra"), id => Assert.InRange(id, 0, 3));
    }

    [Fact]
    public void Cuda_WhenAvailable_ModelRuns()
    {
        if (!TorchMiniLmEmbedder.CudaAvailable()) return; // CPU-only machine: the CUDA path is built but not run here.
        using var model = ProbeLm.Create(ProbeFixtures.Tiny, 1, TorchDeviceKind.Cuda);
        Assert.True(double.IsFinite(model.MeanLoss(ProbeFixtures.Pool(4, 1).Select(p => p.Tokens).ToArray())));
    }
}
