using System.Diagnostics;
using System.Text.Json;
using Sluice.Operators.Text;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>One <c>build/bin/sluice run examples/quickstart.csx</c> on an input, and what it left.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">What it printed, both streams.</param>
/// <param name="Ids">The ids of the output dataset's records, in order (empty without a manifest).</param>
/// <param name="Rejects">Every reject under <c>OUTPUT/_rejects/</c>.</param>
public sealed record QuickstartRun(int ExitCode, string Output, string[] Ids, RejectRecord[] Rejects)
{
    /// <summary><c>build/bin/sluice</c>, built with <c>make build</c> when missing.</summary>
    public static string Sluice => RepoPaths.Of("build", "bin", "sluice");

    /// <summary>Runs the quickstart on <paramref name="input"/> into <paramref name="output"/>, with <paramref name="extra"/> arguments.</summary>
    public static async Task<QuickstartRun> RunAsync(string input, string output, params string[] extra)
    {
        if (!File.Exists(Sluice)) await ChildProcess.RunAsync("make", ["build"], TimeSpan.FromMinutes(10));
        var psi = new ProcessStartInfo(Sluice) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["run", "examples/quickstart.csx", "--input", input, "--output", output, .. extra]) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new QuickstartRun(process.ExitCode, await stdout + await stderr, await IdsAsync(output), ReadRejects(output));
    }

    private static async Task<string[]> IdsAsync(string output)
    {
        var manifestPath = Path.Combine(output, DatasetManifest.FileName);
        if (!File.Exists(manifestPath)) return [];
        var manifest = JsonSerializer.Deserialize<DatasetManifest>(await File.ReadAllBytesAsync(manifestPath), SluiceJson.Options)!;
        var ids = new List<string>();
        foreach (var shard in manifest.Shards)
        {
            await using var file = File.OpenRead(Path.Combine(output, shard.Key));
            await foreach (var group in ParquetFormat.ReadAsync<Document>(file)) ids.AddRange(group.Select(d => d.Id));
        }
        return ids.ToArray();
    }

    private static RejectRecord[] ReadRejects(string output)
    {
        var folder = Path.Combine(output, "_rejects");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!).ToArray();
    }
}
