using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Launch;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Workflows;

/// <summary>
/// <c>examples/web-curation.csx</c> from the bundled wget WARC to a Megatron dataset: what it keeps and rejects, and the
/// same text, rejects and byte-identical <c>tokens.bin</c>/<c>tokens.idx</c> on two Slurm ranks as on one local rank
/// (the WARC cut into byte-range units so both ranks read part of it and dedup meets across them).
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebCurationSlurmIntegrationTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Script => RepoPaths.Of("examples", "web-curation.csx");

    // About 16 KB units: the 64 KB crawl becomes several units, read by both ranks.
    private static readonly string[] Units = ["--unit-bytes", "16384"];

    private string P(string name) => Path.Combine(_tmp.Path, name);

    private static List<JsonElement> Lines(string folder, string pattern) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).SelectMany(f =>
        {
            using var raw = File.OpenRead(f);
            using var text = new StreamReader(f.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw);
            return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        }).ToList()
        : [];

    private static string[] Kept(string output) => Lines(Path.Combine(output, "text"), "*.jsonl*")
        .Select(e => $"{e.GetProperty("url").GetString()} {e.GetProperty("language").GetString()}").Order(StringComparer.Ordinal).ToArray();

    // Every reject of every stage, as "url-or-id | reason".
    private static string[] Rejects(string output, string work) =>
        new[] { Path.Combine(work, "curated", "_rejects"), Path.Combine(output, "text", "_rejects") }
            .SelectMany(f => Lines(f, "*.jsonl*"))
            .Select(e =>
            {
                var record = e.GetProperty("record");
                var key = record.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString()
                    : record.TryGetProperty("TargetUri", out var uri) || record.TryGetProperty("targetUri", out uri) || record.TryGetProperty("target_uri", out uri) ? uri.GetString()
                    : record.ToString();
                return $"{key} | {Regex.Replace(e.GetProperty("reason").GetString()!, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")}";
            })
            .Order(StringComparer.Ordinal).ToArray();

    private async Task<string> RunLocalAsync(string name)
    {
        var output = P(name);
        var run = await SlurmLaunchIntegrationTests.ExecAsync(SlurmLaunchIntegrationTests.Sluice,
            ["run", Script, "--output", output, "--work", output + "-work", "--run", P("run-" + name), .. Units], TimeSpan.FromMinutes(4));
        Assert.True(run.Code == 0, run.Out + run.Err);
        return output;
    }

    [Fact]
    public async Task Run_BundledCrawl_KeepsEnglishPagesOnceAndWritesAMegatronDataset()
    {
        await SlurmLaunchIntegrationTests.EnsureCliAsync();
        var output = await RunLocalAsync("local");

        var kept = Kept(output);
        var rejects = Rejects(output, output + "-work");
        Assert.NotEmpty(kept);
        Assert.All(kept, k => Assert.EndsWith(" en", k));
        // The mirrored GIMP page is an exact duplicate of the original: exactly one of the two is kept.
        Assert.Single(kept, k => k.Contains("layer-crop.html", StringComparison.Ordinal));
        Assert.Contains(rejects, r => r.Contains("layer-crop.html", StringComparison.Ordinal) && r.Contains("duplicate", StringComparison.OrdinalIgnoreCase));
        // The 404s and the PNG never become text; each is a reject with its reason.
        Assert.Contains(rejects, r => r.StartsWith("http://127.0.0.1:18765/gone.html |", StringComparison.Ordinal) && r.Contains("404", StringComparison.Ordinal));
        Assert.Contains(rejects, r => r.StartsWith("http://127.0.0.1:18765/picture.png |", StringComparison.Ordinal));

        var idx = await File.ReadAllBytesAsync(Path.Combine(output, "tokens.idx"));
        Assert.Equal("MMIDIDX\0\0"u8.ToArray(), idx[..9]);
        Assert.Equal(1UL, BitConverter.ToUInt64(idx, 9));
        Assert.Equal(8, idx[17]);                                   // uint16: GPT-2's 50,257 ids fit
        var documents = BitConverter.ToUInt64(idx, 26) - 1;          // the document index holds one entry more
        Assert.Equal((ulong)kept.Length, documents);
        Assert.True(new FileInfo(Path.Combine(output, "tokens.bin")).Length > 1000);
    }

    [Fact]
    public async Task LaunchSlurm_TwoRanks_SameTextRejectsAndTokensAsOneLocalRank()
    {
        await SlurmLaunchIntegrationTests.EnsureSlurmAsync();
        await SlurmLaunchIntegrationTests.EnsureCliAsync();
        var local = await RunLocalAsync("one-rank");
        var output = P("slurm");
        var run = P("run");
        var logs = Path.Combine(run, "launch", "logs");

        var launch = await SlurmLaunchIntegrationTests.ExecAsync(SlurmLaunchIntegrationTests.Sluice,
            ["launch", "slurm", Script, "--world-size", "2", "--run", run, "--output", output, "--work", output + "-work", .. Units], TimeSpan.FromMinutes(1));

        Assert.True(launch.Code == 0, $"launch failed:\n{launch.Out}\n{launch.Err}");
        var jobs = Regex.Matches(launch.Out, @"submitted job (\d+): stage ([a-z-]+)").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(jobs);
        foreach (var job in jobs) await SlurmLaunchIntegrationTests.WaitForJobAsync(job, TimeSpan.FromMinutes(5), logs);

        Assert.Equal(Kept(local), Kept(output));
        Assert.Equal(Rejects(local, local + "-work"), Rejects(output, output + "-work"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(local, "tokens.idx")), await File.ReadAllBytesAsync(Path.Combine(output, "tokens.idx")));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(local, "tokens.bin")), await File.ReadAllBytesAsync(Path.Combine(output, "tokens.bin")));
    }
}
