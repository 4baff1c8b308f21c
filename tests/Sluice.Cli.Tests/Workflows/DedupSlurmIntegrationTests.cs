using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Launch;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Workflows;

/// <summary>
/// <c>examples/dedup.csx</c> launched on the real single-node Slurm over four ranks (one job array per stage, two
/// exchanges, a rank-0 step) keeps and rejects exactly what one local rank does.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DedupSlurmIntegrationTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Script => RepoPaths.Of("examples", "dedup.csx");

    // Two input files, so the reading stages have units for more than one rank.
    private string Input()
    {
        var folder = Path.Combine(_tmp.Path, "input");
        Directory.CreateDirectory(folder);
        var lines = File.ReadAllLines(RepoPaths.Of("examples", "data", "near-duplicates.jsonl"));
        File.WriteAllLines(Path.Combine(folder, "a.jsonl"), lines[..40]);
        File.WriteAllLines(Path.Combine(folder, "b.jsonl"), lines[40..]);
        return folder;
    }

    private static (string[] Kept, string[] Rejects) Result(string output)
    {
        var kept = Directory.GetFiles(output, "*.jsonl.gz").SelectMany(f =>
        {
            using var gz = new StreamReader(new GZipStream(File.OpenRead(f), CompressionMode.Decompress));
            return gz.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToArray();
        }).Order(StringComparer.Ordinal).ToArray();
        var rejects = Directory.GetFiles(Path.Combine(output, "_rejects")).SelectMany(File.ReadAllLines).Select(l =>
        {
            var e = JsonDocument.Parse(l).RootElement;
            return $"{e.GetProperty("record").GetProperty("id").GetString()} | {e.GetProperty("reason").GetString()}";
        }).Order(StringComparer.Ordinal).ToArray();
        return (kept, rejects);
    }

    [Fact]
    public async Task LaunchSlurm_DedupOverFourRanks_SameKeptAndRejectsAsOneLocalRank()
    {
        await SlurmLaunchIntegrationTests.EnsureSlurmAsync();
        await SlurmLaunchIntegrationTests.EnsureCliAsync();
        var input = Input();
        var local = await SlurmLaunchIntegrationTests.ExecAsync(SlurmLaunchIntegrationTests.Sluice,
            ["run", Script, "--input", input, "--output", Path.Combine(_tmp.Path, "local"), "--run", Path.Combine(_tmp.Path, "run-local")], TimeSpan.FromMinutes(3));
        Assert.True(local.Code == 0, local.Out + local.Err);
        var output = Path.Combine(_tmp.Path, "slurm");
        var run = Path.Combine(_tmp.Path, "run");
        var logs = Path.Combine(run, "launch", "logs");

        var launch = await SlurmLaunchIntegrationTests.ExecAsync(SlurmLaunchIntegrationTests.Sluice,
            ["launch", "slurm", Script, "--world-size", "4", "--run", run, "--input", input, "--output", output], TimeSpan.FromMinutes(1));

        Assert.True(launch.Code == 0, $"launch failed:\n{launch.Out}\n{launch.Err}");
        var jobs = Regex.Matches(launch.Out, @"submitted job (\d+): stage ([a-z-]+)").Select(m => (Id: m.Groups[1].Value, Stage: m.Groups[2].Value)).ToArray();
        Assert.Equal(["exact-keys", "exact-find", "minhash-bands", "minhash-pairs", "minhash-components", "dedup-filter"], jobs.Select(j => j.Stage));
        foreach (var job in jobs) await SlurmLaunchIntegrationTests.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(4), logs);

        var expected = Result(Path.Combine(_tmp.Path, "local"));
        var actual = Result(output);
        Assert.Equal(60, expected.Kept.Length);
        Assert.Equal(21, expected.Rejects.Length);
        Assert.Equal(expected.Kept, actual.Kept);
        Assert.Equal(expected.Rejects, actual.Rejects);
    }
}
