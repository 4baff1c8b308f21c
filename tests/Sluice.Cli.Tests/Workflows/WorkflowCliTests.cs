using Sluice.Cli.Commands;
using Sluice.Cli.Launch;
using Sluice.Cli.Tests.Launch;
using Sluice.Pipelines.Sinks;

namespace Sluice.Cli.Tests.Workflows;

/// <summary><c>sluice run|plan|launch|status</c> of a script that returns a workflow (clean → count step → to-parquet).</summary>
public sealed class WorkflowCliTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string P(string name) => Path.Combine(_tmp.Path, name);

    [Fact]
    public async Task Run_WholeWorkflow_SameRecordsAsStagesRunOneByOne()
    {
        var all = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("all"), "--run", P("run-all"));
        Assert.True(all.Code == 0, all.Out + all.Err);
        foreach (var stage in new[] { "clean", "count", "to-parquet" })
        {
            var one = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("hand"), "--run", P("run-hand"), "--stage", stage);
            Assert.True(one.Code == 0, one.Out + one.Err);
            // --stage runs that stage and no other.
            Assert.Equal([$"stage {stage}"], System.Text.RegularExpressions.Regex.Matches(one.Out, @"^stage [a-z-]+", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Value));
        }

        var expected = await WorkflowRun.ParquetIdsAsync(P("hand"));
        var actual = await WorkflowRun.ParquetIdsAsync(P("all"));
        Assert.InRange(actual.Count, 1, 181); // the filter kept some documents and rejected others
        Assert.Equal(expected, actual);
        Assert.Equal(actual.Count.ToString(), await File.ReadAllTextAsync(Path.Combine(P("all"), "count.txt")));
        Assert.Equal(["count " + actual.Count], WorkflowRun.StepLog(P("all")));
    }

    [Fact]
    public async Task Run_Again_SkipsEveryStageAndDoesNotCallTheStep()
    {
        string[] argv = ["run", WorkflowRun.Script, "--work", P("w"), "--run", P("run")];
        var first = await WorkflowRun.CliAsync(argv);
        Assert.True(first.Code == 0, first.Out + first.Err);
        var manifest = Path.Combine(P("w"), "parquet", DatasetManifest.FileName);
        var written = File.GetLastWriteTimeUtc(manifest);

        var second = await WorkflowRun.CliAsync(argv);

        Assert.True(second.Code == 0, second.Out + second.Err);
        Assert.Contains("stage clean (pipeline): skipped (already complete)", second.Out);
        Assert.Contains("stage count (step): skipped (already done)", second.Out);
        Assert.Contains("stage to-parquet (pipeline): skipped (already complete)", second.Out);
        Assert.Single(WorkflowRun.StepLog(P("w")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(manifest));
        var status = await WorkflowRun.CliAsync("status", P("run"));
        Assert.Contains("workflow wf-three, 3 of 3 stages complete", status.Out);
        Assert.Matches(@"step\s+count\s+complete", status.Out);
    }

    [Fact]
    public async Task Run_OtherParametersOnTheSameRun_IsRefusedWithTheChange()
    {
        var first = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("w"), "--run", P("run"));
        Assert.True(first.Code == 0, first.Out + first.Err);

        var other = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("w"), "--run", P("run"), "--min-words", "10");

        Assert.Equal(1, other.Code);
        // The first run recorded the default it ran with.
        Assert.Contains("parameter --min-words was '150', now '10'", other.Err);
    }

    [Fact]
    public async Task Run_TwoRanksStartedAtOnce_LaterStagesWaitAndRecordsMatchOneRank()
    {
        var reference = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("one"), "--run", P("run-one"));
        Assert.True(reference.Code == 0, reference.Out + reference.Err);

        using var rank0 = WorkflowRun.Start("run", WorkflowRun.Script, "--work", P("two"), "--run", P("run-two"), "--rank", "0", "--world-size", "2");
        using var rank1 = WorkflowRun.Start("run", WorkflowRun.Script, "--work", P("two"), "--run", P("run-two"), "--rank", "1", "--world-size", "2");
        var outputs = await Task.WhenAll(Finish(rank0), Finish(rank1));

        Assert.True(rank0.ExitCode == 0 && rank1.ExitCode == 0, string.Join("\n----\n", outputs));
        Assert.Contains("stage count (step): skipped (steps run on rank 0)", outputs[1]);
        Assert.Contains("stage to-parquet (pipeline): completed", outputs[1]);
        Assert.Equal(await WorkflowRun.ParquetIdsAsync(P("one")), await WorkflowRun.ParquetIdsAsync(P("two")));
        Assert.Single(WorkflowRun.StepLog(P("two")));
    }

    [Fact]
    public async Task Run_UnknownStage_IsAUsageErrorListingTheStages()
    {
        var run = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", P("w"), "--stage", "nope");

        Assert.Equal(2, run.Code);
        Assert.Contains("--stage nope: workflow wf-three has no such stage; its stages are clean, count, to-parquet", run.Err);
        Assert.False(Directory.Exists(P("w")));
    }

    [Fact]
    public async Task Run_ScriptWithDuplicateStageName_FailsNamingIt()
    {
        var script = P("dup.csx");
        await File.WriteAllTextAsync(script, """
            return Workflow.Create("dup")
                .Step("same", _ => Task.CompletedTask)
                .Step("same", _ => Task.CompletedTask);
            """);

        var run = await WorkflowRun.CliAsync("run", script);

        Assert.Equal(1, run.Code);
        Assert.Contains("workflow dup already has a stage named 'same'", run.Err);
    }

    [Fact]
    public async Task Plan_BeforeAnyRun_ListsStagesAndPlansOnlyTheFirst()
    {
        var plan = await WorkflowRun.CliAsync("plan", WorkflowRun.Script, "--work", P("w"));

        Assert.True(plan.Code == 0, plan.Out + plan.Err);
        Assert.Contains("1. pipeline clean", plan.Out);
        Assert.Contains("2. step     count", plan.Out);
        Assert.Contains("pipeline wf-clean", plan.Out);
        Assert.Contains("planned when stage count has run", plan.Out);
    }

    [Fact]
    public async Task LaunchSlurm_Workflow_OneArrayPerStageChainedWithAfterok()
    {
        var calls = new List<IReadOnlyList<string>>();
        SlurmLauncher.CommandRunner sbatch = (argv, _, _) =>
        {
            calls.Add(argv);
            return Task.FromResult((0, $"{100 + calls.Count}\n", ""));
        };
        var @out = new StringWriter();
        var args = LaunchArguments.Parse(["slurm", WorkflowRun.Script, "--world-size", "2", "--run", P("run"), "--work", P("w")]);

        var code = await LaunchCommand.RunAsync(args, @out, new StringWriter(), sbatch, CancellationToken.None);

        Assert.True(code == 0, @out.ToString());
        var folder = Path.Combine(P("run"), "launch");
        var clean = await File.ReadAllTextAsync(Path.Combine(folder, "01-clean.sbatch"));
        var count = await File.ReadAllTextAsync(Path.Combine(folder, "02-count.sbatch"));
        var parquet = await File.ReadAllTextAsync(Path.Combine(folder, "03-to-parquet.sbatch"));
        Assert.Contains("#SBATCH --array=0-1\n", clean);
        Assert.Contains("#SBATCH --array=0-0\n", count); // a step is one task
        Assert.Matches(@"run '?[^\n]*wf-three\.csx'? --run '?[^\n]*'? --stage '?clean'? --world-size '?2'? --rank ""\$SLURM_ARRAY_TASK_ID""", clean);
        Assert.Matches(@"--stage '?count'? --world-size '?1'?", count);
        Assert.Matches(@"--stage '?to-parquet'? --world-size '?2'?", parquet);
        Assert.Equal(3, calls.Count);
        Assert.DoesNotContain(calls[0], a => a.StartsWith("--dependency", StringComparison.Ordinal));
        Assert.Contains("--dependency=afterok:101", calls[1]);
        Assert.Contains("--dependency=afterok:102", calls[2]);
        Assert.Contains("submitted job 103: stage to-parquet, array 0-1, after job 102", @out.ToString());
    }

    [Fact]
    public async Task LaunchSlurm_DryRun_PrintsTheChainWithoutSubmitting()
    {
        var launch = await WorkflowRun.CliAsync("launch", "slurm", WorkflowRun.Script, "--world-size", "2", "--run", P("run"), "--work", P("w"), "--dry-run");

        Assert.True(launch.Code == 0, launch.Out + launch.Err);
        Assert.Equal(3, Directory.EnumerateFiles(Path.Combine(P("run"), "launch"), "*.sbatch").Count());
        Assert.Contains("--dependency=afterok:<job id of clean>", launch.Out);
        Assert.Contains("--dependency=afterok:<job id of count>", launch.Out);
    }

    private static async Task<string> Finish(System.Diagnostics.Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return await stdout + await stderr;
    }
}
