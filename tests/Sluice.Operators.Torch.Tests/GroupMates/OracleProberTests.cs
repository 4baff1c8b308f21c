using Sluice.Operators.Torch.GroupMates;

namespace Sluice.Operators.Torch.Tests.GroupMates;

public class OracleProberTests
{
    private static (ProbeLm Model, OracleProber Prober) Make(OracleProberOptions? options = null)
    {
        var model = ProbeFixtures.TrainedModel();
        var pool = ProbeFixtures.Pool(50, 5);
        var reference = ProbeFixtures.Pool(8, 77).Select(p => p.Tokens).ToArray();
        return (model, new OracleProber(model, pool, reference, options ?? new OracleProberOptions { Seed = 3 }));
    }

    [Fact]
    public void Probe_SameSeed_SameRollout()
    {
        var (m1, p1) = Make();
        var (m2, p2) = Make();
        using (m1) using (p1) using (m2) using (p2)
        {
            var a = p1.Probe(7);
            var b = p2.Probe(7);
            Assert.Equal(a.DocumentIds, b.DocumentIds);
            Assert.Equal(a.Scores, b.Scores);
            Assert.Equal(10, a.Scores.Length);
            Assert.Null(a.RejectReason);
            Assert.NotEqual(p1.Draw(7), p1.Draw(8));
        }
    }

    [Fact]
    public void Probe_ReloadsStateBetweenRollouts_FirstScoreIndependentOfPreviousRollout()
    {
        var (model, prober) = Make();
        using (model) using (prober)
        {
            var alone = prober.Probe(4);
            prober.Probe(11);
            prober.Probe(12);
            var after = prober.Probe(4);
            Assert.Equal(alone.Scores, after.Scores);
            Assert.Equal(alone.LossBefore, after.LossBefore);
        }
    }

    [Fact]
    public void Probe_NonFiniteLoss_RejectedWithReason()
    {
        var (model, prober) = Make(new OracleProberOptions { Seed = 3, LearningRate = 1e30, ClipNorm = 0, WeightDecay = 0 });
        using (model) using (prober)
        {
            var rollout = prober.Probe(0);
            Assert.NotNull(rollout.RejectReason);
            Assert.Contains("non-finite", rollout.RejectReason);
            Assert.True(rollout.Scores.Length < 10);
            Assert.All(rollout.Scores, s => Assert.True(float.IsFinite(s)));
        }
    }

    [Fact]
    public void RolloutsOfRank_CoverEveryIdOnce()
    {
        var all = Enumerable.Range(0, 3).SelectMany(r => OracleProber.RolloutsOfRank(20, r, 3)).OrderBy(x => x);
        Assert.Equal(Enumerable.Range(0, 20).Select(x => (long)x), all);
    }
}
