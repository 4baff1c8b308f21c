using Sluice.Testing;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Planning;

public sealed class MultiRankTests
{
    private static Pipeline Build(string output) =>
        Pipeline.Create("multi-rank", new PipelineOptions { BatchSize = 16 })
            .ReadJsonl<Abstract>(RepoPaths.ScifactAbstracts, new JsonlSourceOptions { MaxUnitBytes = 20_000 })
            .Where(d => d.Text.Length > 0, "empty text")
            .Map(d => d with { Title = d.Title?.ToUpperInvariant() })
            .WriteParquet(output).Build();

    [Fact]
    public async Task Run_ThreeRanksSharingOutput_UnionEqualsOneRankRun()
    {
        using var dir = new TempDir();
        var single = Path.Combine(dir.Path, "single");
        var shared = Path.Combine(dir.Path, "shared");
        var one = await Runs.RunAsync(Build(single));
        Assert.Equal(RunStatus.Completed, one.Status);
        var committer = new InMemoryCommitter();

        var results = new List<RunResult>();
        for (var rank = 0; rank < 3; rank++)
            results.Add(await Runs.RunAsync(Build(shared), new RunOptions { Rank = new RankInfo(rank, 3), Committer = committer }));

        Assert.All(results, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(one.UnitsPlanned, results.Sum(r => r.UnitsAssigned));
        Assert.All(results, r => Assert.True(r.UnitsAssigned > 0));
        // Only the rank that committed the last unit sees the whole plan done and writes the manifest.
        Assert.Equal([false, false, true], results.Select(r => r.ManifestsWritten));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(shared, "_stats")).Length);
        var expected = await Runs.ReadDatasetAsync<Abstract>(single);
        var union = await Runs.ReadDatasetAsync<Abstract>(shared);
        Assert.Equal(182, expected.Count);
        Assert.Equal(expected.OrderBy(d => d.Id, StringComparer.Ordinal), union.OrderBy(d => d.Id, StringComparer.Ordinal));
        // Shards on disk are exactly those the manifest lists.
        Assert.Equal(Runs.ReadManifest(shared)!.Shards.Select(s => s.Key).Order(StringComparer.Ordinal), Runs.ShardFiles(shared));
    }
}
