using Sluice.Operators.Clustering;
using Sluice.Operators.Selection;

namespace Sluice.Operators.Tests.Selection;

public sealed class PoolSelectionTests
{
    private const int K = 6, PerCluster = 400, D = 16;

    private static (ScoredDocument[] Pool, Dictionary<string, int> Labels) Pool()
    {
        var (vectors, labels) = PlantedClusters.Make(K, PerCluster, D, noise: 0.15f, seed: 5);
        var random = new Random(9);
        var pool = Enumerable.Range(0, labels.Length)
            .Select(i => new ScoredDocument($"d{i:D5}", vectors.AsSpan(i * D, D).ToArray(), (float)random.NextDouble()))
            .ToArray();
        return (pool, pool.Select((p, i) => (p.Id, labels[i])).ToDictionary(x => x.Id, x => x.Item2));
    }

    private static async IAsyncEnumerable<ScoredDocument> Stream(ScoredDocument[] pool, Action? onPass = null)
    {
        onPass?.Invoke();
        foreach (var document in pool)
        {
            await Task.Yield();
            yield return document;
        }
    }

    private static PoolSelectionOptions Options(long maxRows) => new()
    {
        KMeans = new CosineKMeansOptions { Clusters = K, Seed = 3 },
        Selection = new GroupSelectionOptions { Ratio = 0.5 },
        BatchRows = 512,
        MaxRowsInMemory = maxRows,
    };

    [Fact]
    public async Task Selection_in_groups_of_clusters_equals_one_group_and_keeps_half_of_each_planted_cluster()
    {
        var (pool, labels) = Pool();
        var passes = 0;
        var whole = await PoolSelection.SelectAsync(() => Stream(pool), Options(maxRows: 100_000));
        var grouped = await PoolSelection.SelectAsync(() => Stream(pool, () => passes++), Options(maxRows: 500));

        Assert.Equal(whole.Selected, grouped.Selected);
        // Clusters of ~400 with a limit of 500: one cluster per pass, after the sampling pass, 3 k-means epochs and the sizing pass.
        Assert.Equal(1 + 3 + 1 + K, grouped.Passes);
        Assert.Equal(grouped.Passes, passes);
        Assert.Equal(K * PerCluster, grouped.Pool);
        for (int c = 0; c < K; c++)
            Assert.Equal((int)Math.Floor(0.5 * grouped.ClusterSizes[c] + 1e-9), grouped.Selected.Count(s => s.Cluster == c));
        // The mini-batch clusters recover the planted ones: each selected cluster holds one planted label.
        var purity = grouped.Selected.GroupBy(s => s.Cluster).Sum(g => g.GroupBy(s => labels[s.Id]).Max(l => l.Count())) / (double)grouped.Selected.Count;
        Assert.True(purity >= 0.95, $"purity {purity:F3}");
        Assert.All(grouped.Selected.GroupBy(s => s.Cluster), g => Assert.Equal(Enumerable.Range(0, g.Count()), g.Select(s => s.PickOrder)));
    }

    [Fact]
    public async Task A_pool_ordered_by_cluster_is_seeded_from_a_uniform_sample_not_its_first_rows()
    {
        // The first batch (512 rows) holds one planted cluster only: seeding from it would start all six centroids there.
        var (pool, labels) = Pool();
        var sorted = pool.OrderBy(p => labels[p.Id]).ThenBy(p => p.Id, StringComparer.Ordinal).ToArray();

        var result = await PoolSelection.SelectAsync(() => Stream(sorted), Options(maxRows: 100_000) with { Epochs = 1 });

        Assert.All(result.ClusterSizes, size => Assert.InRange(size, PerCluster * 9 / 10, PerCluster * 11 / 10));
        var purity = result.Selected.GroupBy(s => s.Cluster).Sum(g => g.GroupBy(s => labels[s.Id]).Max(l => l.Count())) / (double)result.Selected.Count;
        Assert.True(purity >= 0.95, $"purity {purity:F3}");
    }

    [Fact]
    public async Task The_greedy_order_starts_at_each_clusters_lowest_prediction()
    {
        var (pool, _) = Pool();
        var result = await PoolSelection.SelectAsync(() => Stream(pool), Options(maxRows: 100_000));
        var byId = pool.ToDictionary(p => p.Id);
        foreach (var cluster in result.Selected.GroupBy(s => s.Cluster))
        {
            var first = cluster.Single(s => s.PickOrder == 0);
            Assert.Equal(cluster.Min(s => byId[s.Id].Score), byId[first.Id].Score);
        }
    }

    [Fact]
    public async Task An_empty_pool_or_one_smaller_than_k_is_refused_with_the_reason()
    {
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => PoolSelection.SelectAsync(() => Stream([]), Options(10)));
        Assert.Contains("pool is empty", empty.Message);
        var (pool, _) = Pool();
        var small = await Assert.ThrowsAsync<ArgumentException>(() => PoolSelection.SelectAsync(() => Stream(pool[..3]), Options(10)));
        Assert.Contains("at least 6 rows", small.Message);
    }
}
