using Sluice.Pipelines.Commit;

namespace Sluice.Pipelines.Tests.Commit;

/// <summary>The run-folder names are a format other runs and tools read: these spell them out on purpose.</summary>
public sealed class RunLayoutTests
{
    [Fact]
    public void Keys_OfARunFolder_AreTheDocumentedNames()
    {
        Assert.Equal("run.json", RunLayout.RunManifestKey);
        Assert.Equal("commits/u000012.json", RunLayout.CommitKey("u000012"));
        Assert.Equal("commits-invalid/u000012-3fa85f64.json", RunLayout.InvalidCommitKey("u000012", "3fa85f64"));
        Assert.Equal("checkpoints/u000012.json", RunLayout.CheckpointKey("u000012"));
        Assert.Equal("attempts/3fa85f64.json", RunLayout.AttemptKey("3fa85f64"));
        Assert.Equal("cache/", RunLayout.ResponseCacheFolder);
    }

    [Fact]
    public void Keys_OfAWorkflowRun_AreTheDocumentedNames()
    {
        Assert.Equal("workflow.json", RunLayout.WorkflowManifestKey);
        Assert.Equal("stages/clean/run.json", RunLayout.StageRunManifestKey("clean"));
        Assert.Equal("stages/clean/_complete.json", RunLayout.StageMarkerKey("clean", isStep: false));
        Assert.Equal("stages/fit/_done.json", RunLayout.StageMarkerKey("fit", isStep: true));
        Assert.Equal("s3://b/run/stages/clean", RunLayout.StageUri("s3://b/run", "clean"));
    }

    [Fact]
    public void Keys_BesideAnOutput_AreTheDocumentedNames()
    {
        Assert.Equal("_manifest.json", RunLayout.DatasetManifestKey);
        Assert.Equal("stats.json", RunLayout.StatsKeyOf(0, 1));
        Assert.Equal("_stats/rank-00007.json", RunLayout.StatsKeyOf(7, 8));
        Assert.Equal("out/x/_rejects", RunLayout.RejectsUri("out/x"));
        Assert.Equal("endpoint-stats.json", RunLayout.EndpointStatsKey);
    }

    [Theory]
    [InlineData("commits/u000012.json", "u000012")]
    [InlineData("commits/u000012-copy.json", null)]
    [InlineData("commits/x/u000012.json", null)]
    [InlineData("commits/u000012.json.tmp", null)]
    [InlineData("commits/.json", null)]
    [InlineData("checkpoints/u000012.json", null)]
    public void UnitOfCommitKey_OnlyAPlannedShape_NamesAUnit(string key, string? unit) =>
        Assert.Equal(unit, RunLayout.UnitOfCommitKey(key));

    [Theory]
    [InlineData("checkpoints/u000001.json", "u000001")]
    [InlineData("checkpoints/x/u000001.json", null)]
    [InlineData("commits/u000001.json", null)]
    public void UnitOfCheckpointKey_OnlyAPlannedShape_NamesAUnit(string key, string? unit) =>
        Assert.Equal(unit, RunLayout.UnitOfCheckpointKey(key));

    [Theory]
    [InlineData("attempts/3fa85f64.json", "3fa85f64")]
    [InlineData("attempts/3FA85F64.json", null)]
    [InlineData("attempts/notes.txt", null)]
    public void AttemptOfKey_OnlyAnAttemptId_NamesAnAttempt(string key, string? attempt) =>
        Assert.Equal(attempt, RunLayout.AttemptOfKey(key));

    [Fact]
    public void Keys_BuiltFromAnId_ReadBackToThatId()
    {
        Assert.Equal("u000123", RunLayout.UnitOfCommitKey(RunLayout.CommitKey("u000123")));
        Assert.Equal("u000123", RunLayout.UnitOfCheckpointKey(RunLayout.CheckpointKey("u000123")));
        Assert.Equal("0badf00d", RunLayout.AttemptOfKey(RunLayout.AttemptKey("0badf00d")));
    }
}
