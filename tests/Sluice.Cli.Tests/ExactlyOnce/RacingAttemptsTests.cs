using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Storage.Formats;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>Two processes run the same units into the same run folder at once: each unit is committed exactly once.</summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RacingAttemptsTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    [Fact]
    public async Task Two_attempts_of_the_same_rank_commit_each_unit_once_and_the_losers_leave_nothing()
    {
        var reference = await fx.ReferenceAsync();
        var bucket = await fx.CreateBucketAsync("race");
        var (runUri, outUri) = ($"s3://{bucket}/runs/x", $"s3://{bucket}/out");
        string[] args = ["--input", fx.Input, "--run", runUri, "--output", outUri, "--rank", "0", "--world-size", "1", "--delay-ms", "20",
            "--batch-size", "2", "--checkpoint-records", "2"];
        using var a = SluiceRun.Start(fx, args, label: "attempt A");
        using var b = SluiceRun.Start(fx, args, label: "attempt B");
        Assert.True(await a.WaitAsync(TimeSpan.FromMinutes(3)) == 0, a.Describe());
        Assert.True(await b.WaitAsync(TimeSpan.FromMinutes(3)) == 0, b.Describe());

        var planned = (await Datasets.RunManifestAsync(runUri)).Units.Count;
        var commits = await Datasets.CommitsAsync(runUri);
        var manifest = await Datasets.ManifestAsync(outUri);
        Datasets.AssertManifestMatchesCommits(manifest, commits, planned);
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(outUri), "racing attempts");

        // Both attempts ran every unit; between them they committed each exactly once.
        var attempts = new List<AttemptStatus>();
        foreach (var key in await Datasets.ListAsync(runUri, RunLayout.AttemptsFolder)) attempts.Add(await Datasets.AttemptAsync(runUri, key));
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, x => Assert.Equal("completed", x.State));
        // An attempt's assignment excludes units already committed when it started; overlap means a real race.
        Assert.True(attempts.Sum(x => x.UnitsAssigned) > planned,
            $"the attempts did not overlap (assigned {string.Join(" + ", attempts.Select(x => x.UnitsAssigned))} of {planned}); no race happened");
        Assert.Equal(planned, attempts.Sum(x => x.UnitsCommitted));
        var wins = commits.GroupBy(c => c.Attempt).ToDictionary(g => g.Key, g => g.Count());
        log.WriteLine($"{planned} units; per attempt (assigned/won): {string.Join(", ", attempts.Select(x => $"{x.Attempt}={x.UnitsAssigned}/{wins.GetValueOrDefault(x.Attempt)}"))}");

        // No shard of a losing attempt is listed, and none remains in the output folder: losers deleted theirs.
        var winner = commits.ToDictionary(c => c.Unit, c => c.Attempt);
        var shards = (await Datasets.ListAsync(outUri)).Where(k => k.StartsWith("part-", StringComparison.Ordinal)).ToArray();
        foreach (var key in shards)
        {
            var (unit, attempt) = Datasets.ParseShardKey(key);
            Assert.True(winner[unit] == attempt, $"{key}: a shard of losing attempt {attempt} remains (unit {unit} was won by {winner[unit]})");
        }
        Assert.Equal(manifest.Shards.Select(x => x.Key).Order(StringComparer.Ordinal), shards.Order(StringComparer.Ordinal));
    }
}
