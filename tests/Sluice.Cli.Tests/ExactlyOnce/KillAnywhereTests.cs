using System.Diagnostics;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>
/// Two ranks of <c>sluice run</c> against the real S3 server; a random rank is SIGKILLed at random moments (start-up,
/// mid-unit, mid-checkpoint, mid-commit, mid-manifest: wherever the delay lands) and restarted, until both exit 0.
/// Units checkpoint every two records, so most kills land between or inside part-way checkpoints and restarts resume
/// from them. The dataset read through its manifest must equal a clean single-rank run's: same ids, same content,
/// nothing twice.
/// </summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KillAnywhereTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    private const int TargetKills = 20;

    /// <summary>The attempt id of the process <paramref name="pid"/>, once its attempt record exists.</summary>
    private static async Task<string?> AttemptOfAsync(string runUri, int pid, Dictionary<string, int> pids)
    {
        foreach (var key in await Datasets.ListAsync(runUri, "attempts/"))
        {
            var attempt = key["attempts/".Length..^".json".Length];
            if (!pids.ContainsKey(attempt)) pids[attempt] = (await Datasets.AttemptAsync(runUri, key)).Pid;
        }
        return pids.FirstOrDefault(kv => kv.Value == pid).Key;
    }

    [Fact]
    public async Task Sigkill_at_random_points_of_two_ranks_on_s3_loses_nothing_and_duplicates_nothing()
    {
        var seed = Environment.GetEnvironmentVariable("SLUICE_EO_SEED") is { Length: > 0 } s ? int.Parse(s) : Random.Shared.Next();
        log.WriteLine($"seed {seed} (rerun with SLUICE_EO_SEED={seed})");
        var rng = new Random(seed);
        var reference = await fx.ReferenceAsync();
        var bucket = await fx.CreateBucketAsync("kill");
        var clock = Stopwatch.StartNew();
        var kills = 0;
        var resumedPartWay = 0;
        for (var round = 1; kills < TargetKills; round++)
        {
            var runUri = $"s3://{bucket}/runs/r{round}";
            var outUri = $"s3://{bucket}/out/r{round}";
            SluiceRun Start(int rank) => SluiceRun.Start(fx,
                ["--input", fx.Input, "--run", runUri, "--output", outUri, "--rank", rank.ToString(), "--world-size", "2", "--delay-ms", "40",
                 "--batch-size", "2", "--checkpoint-records", "2"],
                label: $"round {round} rank {rank}");
            var ranks = new[] { Start(0), Start(1) };
            // Each rank has its own kill schedule. A third of the kills land "anywhere": 0.3..6 s after the (re)start,
            // mostly in start-up (script compile, run.json, reading commits). The others land 0..3.5 s after the rank's
            // attempt record appears, i.e. while units are in flight, commits are written or the manifest is.
            var pids = new Dictionary<string, int>(); // attempt -> pid, from attempts/*.json
            var killAt = new double?[2];
            var anywhere = new bool[2];
            var startedAt = new double[2];
            void Schedule(int r)
            {
                startedAt[r] = clock.Elapsed.TotalMilliseconds;
                anywhere[r] = rng.Next(3) == 0;
                killAt[r] = anywhere[r] ? startedAt[r] + rng.Next(300, 6000) : null;
            }
            Schedule(0);
            Schedule(1);
            var midRunDelay = new[] { rng.Next(0, 3500), rng.Next(0, 3500) };
            var done = new bool[2];
            var roundKills = 0;
            try
            {
                while (!(done[0] && done[1]))
                {
                    Assert.True(clock.Elapsed < TimeSpan.FromMinutes(12), $"seed {seed}: kill test ran past 12 minutes ({kills} kills)");
                    await Task.Delay(100);
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
                        if (killAt[r] is null && await AttemptOfAsync(runUri, ranks[r].Pid, pids) is not null)
                        {
                            killAt[r] = clock.Elapsed.TotalMilliseconds + midRunDelay[r];
                            midRunDelay[r] = rng.Next(0, 3500);
                        }
                        if (killAt[r] is not { } at || clock.Elapsed.TotalMilliseconds < at) continue;
                        ranks[r].Kill();
                        var code = await ranks[r].WaitAsync(TimeSpan.FromSeconds(10));
                        if (code == 0) { done[r] = true; continue; } // it finished before the signal landed: not a kill
                        Assert.True(code == 137, $"seed {seed}: unexpected exit {code} instead of SIGKILL's 137:\n{ranks[r].Describe()}");
                        kills++;
                        roundKills++;
                        var committed = (await Datasets.ListAsync(runUri, "commits/")).Count;
                        var attempt = await AttemptOfAsync(runUri, ranks[r].Pid, pids);
                        log.WriteLine($"kill {kills}: round {round}, rank {r} ({(anywhere[r] ? "anywhere" : "mid-run")}, attempt {attempt ?? "not started"}), " +
                                      $"{clock.Elapsed.TotalMilliseconds - startedAt[r]:F0} ms after its start, {committed} units committed so far");
                        ranks[r].Dispose();
                        ranks[r] = Start(r);
                        Schedule(r);
                    }
                }
            }
            finally
            {
                foreach (var rank in ranks) rank.Dispose();
            }

            var run = await Datasets.RunManifestAsync(runUri);
            var manifest = await Datasets.ManifestAsync(outUri);
            var commits = await Datasets.CommitsAsync(runUri);
            Datasets.AssertManifestMatchesCommits(manifest, commits, run.Units.Count);
            Datasets.AssertSameAs(reference, await Datasets.ReadAsync(outUri), $"seed {seed} round {round}");
            var listed = manifest.Shards.Select(x => x.Key).ToHashSet();
            var staging = (await Datasets.ListAsync(outUri)).Count(k => k.StartsWith("part-", StringComparison.Ordinal) && !listed.Contains(k));
            // A commit listing shards of an earlier attempt resumed from that attempt's part-way checkpoint.
            var resumedUnits = commits.Count(c => c.Outputs.Values.SelectMany(v => v).Any(o => Datasets.ParseShardKey(o.Key).Attempt != c.Attempt));
            resumedPartWay += resumedUnits;
            log.WriteLine($"round {round}: {roundKills} kills, {run.Units.Count} units ({resumedUnits} resumed part-way), {commits.Select(c => c.Attempt).Distinct().Count()} committing attempts, " +
                          $"{staging} unlisted shards of killed attempts left (readers never see them), t={clock.Elapsed.TotalSeconds:F1}s");
        }
        log.WriteLine($"total: {kills} SIGKILLs, {resumedPartWay} units resumed part-way, seed {seed}, {clock.Elapsed.TotalSeconds:F1}s");
        Assert.True(kills >= TargetKills);
        Assert.True(resumedPartWay > 0, $"seed {seed}: no kill left a part-way checkpoint that a restart resumed from");
    }
}
