using Sluice.Testing;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Tests.Launch;

/// <summary>
/// <c>sluice launch slurm</c> against the real single-node Slurm (<c>scripts/services/slurm-up.sh</c>, started here
/// when it is not running) with the published CLI (<c>build/bin/sluice</c>, built with <c>make build</c> when missing
/// or too old to know <c>launch</c>).
/// </summary>
[Trait("Category", "Integration")]
public class SlurmLaunchIntegrationTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();
    public void Dispose() => _tmp.Dispose();

    /// <summary>The published CLI the Slurm tasks run.</summary>
    internal static string Sluice => Path.Combine(RepoPaths.Root, "build", "bin", "sluice");

    [Fact]
    public async Task LaunchSlurm_FourTaskArray_WritesSameRecordsAsOneLocalRank()
    {
        await EnsureSlurmAsync();
        await EnsureCliAsync();
        var run = Path.Combine(_tmp.Path, "run");
        var output = Path.Combine(_tmp.Path, "out");
        var reference = Path.Combine(_tmp.Path, "reference");

        var local = await ExecAsync(Sluice, ["run", "examples/word-count.csx", "--output", reference], TimeSpan.FromMinutes(2));
        Assert.True(local.Code == 0, $"local run failed:\n{local.Out}\n{local.Err}");

        var launch = await ExecAsync(Sluice, ["launch", "slurm", "examples/word-count.csx", "--world-size", "4", "--run", run, "--output", output],
            TimeSpan.FromMinutes(1));
        Assert.True(launch.Code == 0, $"launch failed:\n{launch.Out}\n{launch.Err}");
        var job = Regex.Match(launch.Out, @"submitted job (\d+)");
        Assert.True(job.Success, launch.Out);

        await WaitForJobAsync(job.Groups[1].Value, TimeSpan.FromMinutes(3), Path.Combine(run, "launch", "logs"));

        var logs = Path.Combine(run, "launch", "logs");
        for (var rank = 0; rank < 4; rank++)
            Assert.True(File.Exists(Path.Combine(logs, $"word-count-{job.Groups[1].Value}_{rank}.out")), $"no log of rank {rank}\n{Logs(logs)}");
        Assert.True(File.Exists(Path.Combine(output, DatasetManifest.FileName)), $"no manifest in {output}\n{Logs(logs)}");
        var expected = await ManifestIdsAsync(reference);
        var actual = await ManifestIdsAsync(output);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);

        var status = await ExecAsync(Sluice, ["status", run], TimeSpan.FromMinutes(1));
        Assert.True(status.Code == 0, status.Err);
        Assert.Matches(@"units: \d+ committed, 0 running, 0 pending \(100% done\)", status.Out);
        Assert.Contains("world size 4", status.Out);
    }

    [Fact]
    public async Task LaunchSlurm_ScancelledThenResubmitted_ResumesAndCompletes()
    {
        await EnsureSlurmAsync();
        await EnsureCliAsync();
        var script = RepoPaths.Of("tests", "Sluice.Cli.Tests", "ExactlyOnce", "Scripts", "eo-jsonl.csx");
        var run = Path.Combine(_tmp.Path, "run");
        var output = Path.Combine(_tmp.Path, "out");
        var reference = Path.Combine(_tmp.Path, "reference");
        // ~32 units and 30 ms per record: the array runs for several seconds, long enough to cancel it part-way.
        string[] parameters = ["--output", output, "--delay-ms", "30"];

        var local = await ExecAsync(Sluice, ["run", script, "--output", reference], TimeSpan.FromMinutes(2));
        Assert.True(local.Code == 0, $"local run failed:\n{local.Out}\n{local.Err}");

        var first = await SubmitAsync(script, run, parameters);
        var commits = Path.Combine(run, "commits");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(commits) && Directory.EnumerateFiles(commits).Any()) && clock.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(200);
        await ExecAsync("scancel", [first], TimeSpan.FromSeconds(30));
        await WaitForJobAsync(first, TimeSpan.FromMinutes(2), Path.Combine(run, "launch", "logs"));
        var committedBefore = Directory.EnumerateFiles(commits).Count();
        var planned = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))).RootElement.GetProperty("units").GetArrayLength();
        Assert.True(committedBefore > 0 && committedBefore < planned, $"the cancel should land part-way: {committedBefore} of {planned} units were committed");

        var second = await SubmitAsync(script, run, parameters);
        await WaitForJobAsync(second, TimeSpan.FromMinutes(3), Path.Combine(run, "launch", "logs"));

        Assert.True(File.Exists(Path.Combine(output, DatasetManifest.FileName)), $"no manifest after the resubmission\n{Logs(Path.Combine(run, "launch", "logs"))}");
        Assert.Equal(await ManifestIdsAsync(reference), await ManifestIdsAsync(output));
        Assert.True(Directory.EnumerateFiles(commits).Count() >= committedBefore);
    }

    private async Task<string> SubmitAsync(string script, string run, IReadOnlyList<string> parameters)
    {
        var launch = await ExecAsync(Sluice, ["launch", "slurm", script, "--world-size", "2", "--run", run, .. parameters], TimeSpan.FromMinutes(1));
        Assert.True(launch.Code == 0, $"launch failed:\n{launch.Out}\n{launch.Err}");
        var job = Regex.Match(launch.Out, @"submitted job (\d+)");
        Assert.True(job.Success, launch.Out);
        return job.Groups[1].Value;
    }

    /// <summary>Sorted record ids of every shard the dataset manifest lists (gzip JSONL).</summary>
    private static async Task<IReadOnlyList<string>> ManifestIdsAsync(string dataset)
    {
        DatasetManifest manifest;
        await using (var stream = File.OpenRead(Path.Combine(dataset, DatasetManifest.FileName)))
            manifest = (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, SluiceJson.Options))!;
        var ids = new List<string>();
        foreach (var shard in manifest.Shards)
        {
            await using var file = File.OpenRead(Path.Combine(dataset, shard.Key));
            using var reader = new StreamReader(shard.Key.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file);
            while (await reader.ReadLineAsync() is { } line)
                if (line.Length > 0) ids.Add(JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!);
        }
        Assert.Equal(manifest.Rows, ids.Count);
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    internal static async Task EnsureSlurmAsync()
    {
        var sinfo = await TryExecAsync("sinfo", ["-h", "-o", "%T"], TimeSpan.FromSeconds(10));
        if (sinfo is { Code: 0 } s && Regex.IsMatch(s.Out, "idle|mixed|allocated")) return;
        var up = await ExecAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "services", "slurm-up.sh")], TimeSpan.FromMinutes(5));
        Assert.True(up.Code == 0, $"slurm-up.sh failed:\n{up.Out}\n{up.Err}");
    }

    /// <summary>Builds <c>build/bin/sluice</c> when missing or too old to run workflow stages (<c>--stage</c>).</summary>
    internal static async Task EnsureCliAsync()
    {
        if (File.Exists(Sluice))
        {
            var help = await ExecAsync(Sluice, ["help"], TimeSpan.FromMinutes(1));
            if (help.Out.Contains("--stage NAME", StringComparison.Ordinal)) return;
        }
        var make = await ExecAsync("make", ["build"], TimeSpan.FromMinutes(10));
        Assert.True(make.Code == 0 && File.Exists(Sluice), $"make build failed:\n{make.Out}\n{make.Err}");
    }

    /// <summary>Polls squeue until the job has no task left (or Slurm has forgotten it).</summary>
    internal static async Task WaitForJobAsync(string job, TimeSpan timeout, string logs)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var q = await ExecAsync("squeue", ["-h", "-j", job, "-o", "%i %T"], TimeSpan.FromSeconds(30));
            if (q.Code != 0 || q.Out.Trim().Length == 0) return;
            if (clock.Elapsed > timeout)
            {
                await ExecAsync("scancel", [job], TimeSpan.FromSeconds(30));
                Assert.Fail($"job {job} still queued after {timeout}:\n{q.Out}\n{Logs(logs)}");
            }
            await Task.Delay(500);
        }
    }

    internal static string Logs(string folder) =>
        !Directory.Exists(folder) ? $"(no {folder})"
        : string.Join('\n', Directory.EnumerateFiles(folder).Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    private static async Task<(int Code, string Out, string Err)?> TryExecAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        try
        {
            return await ExecAsync(file, args, timeout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    internal static async Task<(int Code, string Out, string Err)> ExecAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
