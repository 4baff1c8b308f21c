using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Launch;

namespace Sluice.Cli.Tests.Workflows;

/// <summary>
/// <c>sluice launch slurm</c> of a workflow against the real single-node Slurm with the published CLI: one job array
/// per stage, chained with afterok.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkflowSlurmIntegrationTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task LaunchSlurm_WorkflowOverTwoRanks_CompletesWithTheLocalRunsRecords()
    {
        await SlurmLaunchIntegrationTests.EnsureSlurmAsync();
        await SlurmLaunchIntegrationTests.EnsureCliAsync();
        var local = await WorkflowRun.CliAsync("run", WorkflowRun.Script, "--work", Path.Combine(_tmp.Path, "local"), "--run", Path.Combine(_tmp.Path, "run-local"));
        Assert.True(local.Code == 0, local.Out + local.Err);
        var work = Path.Combine(_tmp.Path, "slurm");
        var run = Path.Combine(_tmp.Path, "run");
        var logs = Path.Combine(run, "launch", "logs");

        var launch = await SlurmLaunchIntegrationTests.ExecAsync(SlurmLaunchIntegrationTests.Sluice,
            ["launch", "slurm", WorkflowRun.Script, "--world-size", "2", "--run", run, "--work", work], TimeSpan.FromMinutes(1));

        Assert.True(launch.Code == 0, $"launch failed:\n{launch.Out}\n{launch.Err}");
        var jobs = Regex.Matches(launch.Out, @"submitted job (\d+): stage ([a-z-]+)").Select(m => (Id: m.Groups[1].Value, Stage: m.Groups[2].Value)).ToArray();
        Assert.Equal(["clean", "count", "to-parquet"], jobs.Select(j => j.Stage));
        Assert.Contains($"after job {jobs[1].Id}", launch.Out);
        foreach (var job in jobs) await SlurmLaunchIntegrationTests.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(3), logs);

        Assert.True(File.Exists(Path.Combine(work, "parquet", "_manifest.json")), $"no manifest\n{SlurmLaunchIntegrationTests.Logs(logs)}");
        Assert.Equal(await WorkflowRun.ParquetIdsAsync(Path.Combine(_tmp.Path, "local")), await WorkflowRun.ParquetIdsAsync(work));
        Assert.Single(WorkflowRun.StepLog(work));
        var status = await WorkflowRun.CliAsync("status", run);
        Assert.Contains("3 of 3 stages complete", status.Out);
    }
}
