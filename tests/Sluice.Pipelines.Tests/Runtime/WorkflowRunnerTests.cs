using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Tests.Runtime;

public sealed class WorkflowRunnerTests : IDisposable
{
    private sealed record Row(string Id);

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-workflow-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    private Pipeline Copy(string name, string from, string to) =>
        Pipeline.Create(name).ReadJsonl<Row>(from).WriteJsonl(to).Build();

    private async Task<string> InputAsync()
    {
        await File.WriteAllLinesAsync(P("in.jsonl"), Enumerable.Range(0, 50).Select(i => $"{{\"id\":\"r{i}\"}}"));
        return P("in.jsonl");
    }

    [Theory]
    [InlineData("Clean")]
    [InlineData("two--dashes")]
    [InlineData("")]
    public void Stage_NameNotKebabCase_Throws(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Workflow.Create("w").Step(name, _ => Task.CompletedTask));
        Assert.Contains("must be kebab-case", e.Message);
    }

    [Fact]
    public void Step_NameOfAnExistingStage_Throws()
    {
        var workflow = Workflow.Create("w").Stage("a", () => throw new InvalidOperationException("not built"));
        var e = Assert.Throws<ArgumentException>(() => workflow.Step("a", _ => Task.CompletedTask));
        Assert.Contains("already has a stage named 'a'", e.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownStageFilter_ThrowsListingTheStages()
    {
        var workflow = Workflow.Create("w").Step("a", _ => Task.CompletedTask).Step("b", _ => Task.CompletedTask);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions { Stage = "c" }));
        Assert.Contains("its stages are: a, b", e.Message);
    }

    [Fact]
    public async Task RunAsync_FailingStep_StopsTheWorkflowAndIsNotMarkedDone()
    {
        var laterBuilt = false;
        var workflow = Workflow.Create("w")
            .Step("boom", _ => throw new InvalidDataException("bad input"))
            .Stage("later", () => { laterBuilt = true; return Copy("later", P("x"), P("y")); });

        var results = await WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions { RunUri = P("run") });

        var only = Assert.Single(results);
        Assert.Equal(RunStatus.Failed, only.Status);
        Assert.Contains("step boom failed: bad input", only.Error!.Message);
        Assert.False(laterBuilt);
        Assert.False(File.Exists(Path.Combine(P("run"), RunLayout.StageMarkerKey("boom", isStep: true))));
    }

    [Fact]
    public async Task RunAsync_TwoRanks_LaterStageStartsOnlyAfterTheStepIsDone()
    {
        var input = await InputAsync();
        var flag = P("step-finished");
        // Null: that rank never built the stage (the other rank may finish a one-unit stage before it looks).
        var seenByRank = new bool?[2];
        Workflow Declare(int rank) => Workflow.Create("w")
            .Stage("first", () => Copy("first", input, P("first")))
            .Step("slow", async ct =>
            {
                await Task.Delay(500, ct);
                await File.WriteAllTextAsync(flag, "done", ct);
            })
            .Stage("second", () =>
            {
                seenByRank[rank] = File.Exists(flag);
                return Copy("second", P("first"), P("second"));
            });
        WorkflowRunOptions Options(int rank) => new() { RunUri = P("run"), Rank = new RankInfo(rank, 2), PollInterval = TimeSpan.FromMilliseconds(50) };

        var results = await Task.WhenAll(WorkflowRunner.RunAsync(Declare(0), Options(0)), WorkflowRunner.RunAsync(Declare(1), Options(1)));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal("steps run on rank 0", results[1][1].Skipped);
        Assert.True(seenByRank[0]);
        Assert.All(seenByRank, seen => Assert.NotEqual(false, seen));
        Assert.Equal(50, (await RecordCollector.CollectAsync(p => p.ReadJsonl<Row>(P("second")))).Count);
        Assert.True(File.Exists(Path.Combine(P("run"), RunLayout.StageMarkerKey("second", isStep: false))));
    }

    [Fact]
    public async Task RunAsync_StoppedWhileWaiting_EndsCancelled()
    {
        var workflow = Workflow.Create("w").Step("never", _ => Task.CompletedTask).Step("after", _ => Task.CompletedTask);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // Rank 1 waits for rank 0's step, and rank 0 never runs.
        var results = await WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            RunUri = P("run"), Rank = new RankInfo(1, 2), Stop = stop.Token, PollInterval = TimeSpan.FromMilliseconds(20),
        });

        Assert.Equal(RunStatus.Cancelled, results[^1].Status);
        Assert.Equal("after", results[^1].Stage);
    }
}
