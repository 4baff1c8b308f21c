using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Tests.Planning;

public sealed class RankInfoTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_NothingSet_SingleProcess() =>
        Assert.Equal(RankInfo.Single, RankInfo.Resolve(null, null, Env()));

    [Fact]
    public void Resolve_SlurmArray_ReadsTaskIdAndCount() =>
        Assert.Equal(new RankInfo(2, 4), RankInfo.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"))));

    [Fact]
    public void Resolve_AwsBatchIndexWithWorldSize_ReadsIndex() =>
        Assert.Equal(new RankInfo(3, 5), RankInfo.Resolve(null, 5, Env(("AWS_BATCH_JOB_ARRAY_INDEX", "3"))));

    [Fact]
    public void Resolve_AwsBatchIndexWithoutWorldSize_ThrowsNamingTheRank()
    {
        var e = Assert.Throws<ArgumentException>(() => RankInfo.Resolve(null, null, Env(("AWS_BATCH_JOB_ARRAY_INDEX", "3"))));
        Assert.Contains("rank 3", e.Message);
    }

    [Fact]
    public void Resolve_KubernetesIndexedJob_ReadsCompletionIndex() =>
        Assert.Equal(new RankInfo(1, 2), RankInfo.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "1"), ("SLUICE_WORLD_SIZE", "2"))));

    [Fact]
    public void Resolve_ExplicitValues_WinOverEnvironment() =>
        Assert.Equal(new RankInfo(0, 3), RankInfo.Resolve(0, 3, Env(("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_COUNT", "8"))));

    [Theory]
    [InlineData(3, 3)]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    public void Resolve_RankOutsideWorld_Throws(int rank, int worldSize) =>
        Assert.Throws<ArgumentException>(() => RankInfo.Resolve(rank, worldSize, Env()));

    [Fact]
    public void Resolve_SlurmIdBeyondCount_Throws() =>
        Assert.Throws<ArgumentException>(() => RankInfo.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
}
