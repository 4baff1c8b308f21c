using System.Diagnostics;
using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>
/// The exchange under kills: two ranks of <c>sluice run examples/dedup.csx</c> (exact and MinHash dedup: six stages, two
/// exchanges, a rank-0 step) against the real S3 server; a random rank is SIGKILLed at random moments and restarted
/// until both exit 0. The kept documents and the rejects the final stage's commits list must equal a clean
/// single-rank run's: no document lost or kept twice, every removal once with the same reason.
/// </summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ExchangeKillTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    private const int TargetKills = 8;

    private static string Script => Path.Combine(RepoPaths.Root, "examples", "dedup.csx");

    // Eight input files (eight units per reading stage): copies of the bundled sample, every third one unchanged
    // (exact duplicates) and the others with one pair of words swapped (near duplicates).
    private string Input()
    {
        var folder = Path.Combine(fx.Scratch, "dedup-input");
        if (Directory.Exists(folder)) return folder;
        Directory.CreateDirectory(folder);
        var sample = File.ReadAllLines(Path.Combine(RepoPaths.Root, "examples", "data", "near-duplicates.jsonl"));
        for (var file = 0; file < 8; file++)
        {
            var lines = new List<string>();
            for (var copy = file * 3; copy < file * 3 + 3; copy++)
                foreach (var line in sample)
                {
                    var doc = JsonSerializer.Deserialize<Dictionary<string, string>>(line)!;
                    var words = doc["text"].Split(' ');
                    if (copy % 3 != 0 && words.Length > copy + 1) (words[copy], words[copy + 1]) = (words[copy + 1], words[copy]);
                    lines.Add(JsonSerializer.Serialize(new { id = $"{doc["id"]}~{copy}", title = doc["title"], text = string.Join(' ', words) }));
                }
            File.WriteAllLines(Path.Combine(folder, $"part-{file}.jsonl"), lines);
        }
        return folder;
    }

    private SluiceRun Start(string input, string run, string output, string work, int rank, int worldSize, string label) =>
        SluiceRun.Start(fx, ["--input", input, "--run", run, "--output", output, "--work", work, "--partitions", "4",
            "--rank", rank.ToString(), "--world-size", worldSize.ToString()], script: Script, label: label);

    // Kept ids with content hashes, and (removed id, reason) of the rejects the final stage committed.
    private static async Task<(IReadOnlyDictionary<string, string> Kept, string[] Rejects)> ResultAsync(string run, string output)
    {
        var kept = Datasets.ById(await Datasets.ReadAsync(output));
        var rejects = new List<string>();
        var store = Datasets.Open(ObjectStoresJoin(output, RunLayout.RejectsFolder));
        foreach (var commit in await Datasets.CommitsAsync(ObjectStoresJoin(run, "stages/dedup-filter")))
        foreach (var file in commit.Rejects)
        {
            await using var stream = await store.OpenReadAsync(file.Key);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { Length: > 0 } line)
            {
                using var doc = JsonDocument.Parse(line);
                rejects.Add($"{doc.RootElement.GetProperty("record").GetProperty("id").GetString()} | {doc.RootElement.GetProperty("reason").GetString()}");
            }
        }
        return (kept, rejects.Order(StringComparer.Ordinal).ToArray());
    }

    private static readonly string[] Stages = ["exact-keys", "exact-find", "minhash-bands", "minhash-pairs", "minhash-components", "dedup-filter"];

    private static async Task<HashSet<string>> FinishedStagesAsync(string run) =>
        (await Datasets.ListAsync(run, "stages/"))
            .Where(k => k.EndsWith("/" + RunLayout.StageCompleteMarker, StringComparison.Ordinal) || k.EndsWith("/" + RunLayout.StepDoneMarker, StringComparison.Ordinal))
            .Select(k => k.Split('/')[1]).ToHashSet();

    private static string ObjectStoresJoin(string a, string b) => Sluice.Storage.Objects.ObjectStores.Join(a, b);

    [Fact]
    public async Task Sigkill_during_a_two_rank_dedup_workflow_on_s3_gives_the_clean_runs_output()
    {
        var seed = Environment.GetEnvironmentVariable("SLUICE_EO_SEED") is { Length: > 0 } s ? int.Parse(s) : Random.Shared.Next();
        log.WriteLine($"seed {seed} (rerun with SLUICE_EO_SEED={seed})");
        var rng = new Random(seed);
        var input = Input();
        var local = Path.Combine(fx.Scratch, "dedup-reference");
        var clean = Start(input, Path.Combine(local, "run"), Path.Combine(local, "out"), Path.Combine(local, "work"), 0, 1, "reference");
        Assert.True(await clean.WaitAsync(TimeSpan.FromMinutes(3)) == 0, clean.Describe());
        var reference = await ResultAsync(Path.Combine(local, "run"), Path.Combine(local, "out"));
        Assert.True(reference.Rejects.Length > 1000, $"{reference.Rejects.Length} rejects");
        Assert.Contains(reference.Rejects, r => r.Contains("| near duplicate of"));

        var bucket = await fx.CreateBucketAsync("dedup-kill");
        string run = $"s3://{bucket}/run", output = $"s3://{bucket}/out", work = $"s3://{bucket}/work";
        var clock = Stopwatch.StartNew();
        var kills = 0;
        var ranks = new[] { Start(input, run, output, work, 0, 2, "rank 0"), Start(input, run, output, work, 1, 2, "rank 1") };
        // A rank is killed a random 0.3..3 s after the workflow has finished one more stage than at its last kill, so
        // kills spread over the stages (both halves of both exchanges, the step) instead of repeating the first.
        var finishedAtLastKill = new[] { -1, -1 };
        var killAt = new long?[2];
        var done = new bool[2];
        var stagesKilledIn = new HashSet<string>();
        try
        {
            while (!(done[0] && done[1]))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(8), $"seed {seed}: ran past 8 minutes ({kills} kills)");
                await Task.Delay(250);
                var finished = await FinishedStagesAsync(run);
                for (var r = 0; r < 2; r++)
                {
                    if (done[r]) continue;
                    if (ranks[r].HasExited)
                    {
                        await ranks[r].WaitAsync(TimeSpan.FromSeconds(10));
                        Assert.True(ranks[r].ExitCode == 0, $"seed {seed}: a rank failed by itself:\n{ranks[r].Describe()}");
                        done[r] = true;
                        continue;
                    }
                    if (kills >= TargetKills) continue;
                    if (killAt[r] is null && finished.Count > finishedAtLastKill[r]) killAt[r] = clock.ElapsedMilliseconds + rng.Next(300, 3000);
                    if (killAt[r] is not { } at || clock.ElapsedMilliseconds < at) continue;
                    ranks[r].Kill();
                    var code = await ranks[r].WaitAsync(TimeSpan.FromSeconds(10));
                    if (code == 0) { done[r] = true; continue; }
                    Assert.True(code == 137, $"seed {seed}: exit {code} instead of SIGKILL's 137:\n{ranks[r].Describe()}");
                    kills++;
                    finished = await FinishedStagesAsync(run);
                    var running = Stages.FirstOrDefault(st => !finished.Contains(st)) ?? "(none)";
                    stagesKilledIn.Add(running);
                    log.WriteLine($"kill {kills}: rank {r} at {clock.Elapsed.TotalSeconds:F1}s, during {running} ({finished.Count} stages finished)");
                    finishedAtLastKill[r] = finished.Count;
                    killAt[r] = null;
                    ranks[r].Dispose();
                    ranks[r] = Start(input, run, output, work, r, 2, $"rank {r} again");
                }
            }
        }
        finally
        {
            foreach (var rank in ranks) rank.Dispose();
        }

        var killed = await ResultAsync(run, output);
        Datasets.AssertSameAs(reference.Kept, await Datasets.ReadAsync(output), $"seed {seed}");
        Assert.Equal(reference.Rejects, killed.Rejects);
        log.WriteLine($"{kills} SIGKILLs, {reference.Kept.Count} kept, {reference.Rejects.Length} rejects, {clock.Elapsed.TotalSeconds:F1}s, seed {seed}");
        Assert.True(kills > 0, $"seed {seed}: the workflow finished before any kill landed");
        Assert.True(stagesKilledIn.Count >= 2, $"seed {seed}: every kill landed in {string.Join(", ", stagesKilledIn)}");
    }
}
