using Sluice.Pipelines.Exchange;

namespace Sluice.Pipelines.Tests.Exchange;

public sealed class ExternalSorterTests
{
    public sealed record Item(int Key, int Seq, string Pad);

    private static async IAsyncEnumerable<Item> Items(int count, int keys)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++) yield return new Item(random.Next(keys), i, "x");
        await Task.CompletedTask;
    }

    private static async Task<List<Item>> SortAsync(ExternalSorter<Item, int> sorter, int count, int keys)
    {
        var sorted = new List<Item>();
        await foreach (var item in sorter.SortAsync(Items(count, keys), CancellationToken.None)) sorted.Add(item);
        return sorted;
    }

    [Theory]
    [InlineData(500, false)]     // fits in the buffer
    [InlineData(5_000, true)]    // spills a few runs
    [InlineData(20_000, true)]   // more runs than one merge pass takes
    public async Task SortAsync_AnySize_SortedStablyAndNothingLost(int count, bool spills)
    {
        var sorter = new ExternalSorter<Item, int>(i => i.Key, Comparer<int>.Default, 64 << 10, maxFanIn: 8);

        var sorted = await SortAsync(sorter, count, keys: 50);

        var expected = new List<Item>();
        await foreach (var item in Items(count, 50)) expected.Add(item);
        // LINQ's OrderBy is stable: equal keys keep input order, as the sorter must.
        Assert.Equal(expected.OrderBy(i => i.Key).ToArray(), sorted.ToArray());
        Assert.Equal(spills, sorter.Spills > 0);
        if (count == 20_000) Assert.True(sorter.Spills > sorter.MaxFanIn, $"{sorter.Spills} runs");
    }

    [Fact]
    public async Task SortAsync_OneGiantKey_StreamsInInputOrder()
    {
        var sorter = new ExternalSorter<Item, int>(_ => 0, Comparer<int>.Default, 64 << 10);

        var sorted = await SortAsync(sorter, 30_000, keys: 1);

        Assert.Equal(Enumerable.Range(0, 30_000), sorted.Select(i => i.Seq));
        Assert.True(sorter.Spills > 1);
    }

    [Fact]
    public async Task SortAsync_Finished_LeavesNoSpillFiles()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "sluice-sort-*").ToHashSet();
        var sorter = new ExternalSorter<Item, int>(i => i.Key, Comparer<int>.Default, 64 << 10);

        await SortAsync(sorter, 20_000, keys: 10);

        Assert.All(Directory.GetDirectories(Path.GetTempPath(), "sluice-sort-*"), d => Assert.Contains(d, before));
    }
}
