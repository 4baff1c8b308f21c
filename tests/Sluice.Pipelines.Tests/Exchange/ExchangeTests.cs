using System.Text.RegularExpressions;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Exchange;

public sealed class ExchangeTests : IDisposable
{
    private sealed record Line(string Id, string Text);

    public sealed record Word(string Text, string From);

    public sealed record WordCount(string Word, int Count, int Partition);

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-exchange-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    // Three files (three units) whose words repeat across files, so a word's records come from several units.
    private string Input()
    {
        Directory.CreateDirectory(P("in"));
        var words = new[] { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu" };
        for (var f = 0; f < 3; f++)
            File.WriteAllLines(P($"in/f{f}.jsonl"), Enumerable.Range(0, 40).Select(i =>
                $$"""{"id":"f{{f}}-{{i}}","text":"{{string.Join(' ', Enumerable.Range(0, 1 + (i + f) % 5).Select(k => words[(i * 7 + k * 3 + f) % words.Length]))}}"}"""));
        return P("in");
    }

    private static Dictionary<string, int> Expected(string input) =>
        Directory.GetFiles(input).SelectMany(File.ReadAllLines)
            .SelectMany(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!.Split(' '))
            .GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());

    private Workflow WordCounts(string input, int partitions) => Workflow.Create("word-count")
        .Stage("scatter", () => Pipeline.Create("scatter").ReadJsonl<Line>(input)
            .FlatMap(l => l.Text.Split(' ').Select(w => new Word(w, l.Id)))
            .WritePartitioned(P("words"), w => w.Text, partitions).Build())
        .Stage("count", () => Pipeline.Create("count").ReadPartitions<Word>(P("words"))
            .Aggregate(unit => new Counter((int)unit.Start)).WriteJsonl(P("counts")).Build());

    // Counts each word of one partition; the partition's unit sees every record of its words.
    private sealed class Counter(int partition) : IUnitAccumulator<Word, WordCount>
    {
        private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Add(Word record) => _counts[record.Text] = _counts.GetValueOrDefault(record.Text) + 1;

        public IEnumerable<WordCount> Complete() => _counts.Select(kv => new WordCount(kv.Key, kv.Value, partition));
    }

    [Fact]
    public async Task WritePartitioned_ThenReadPartitions_EveryKeyMeetsInOneUnit()
    {
        var input = Input();

        var results = await WorkflowRunner.RunAsync(WordCounts(input, 4));

        Assert.All(results, r => Assert.Equal(RunStatus.Completed, r.Status));
        var counts = await Runs.ReadDatasetAsync<WordCount>(P("counts"));
        Assert.Equal(Expected(input).OrderBy(kv => kv.Key), counts.Select(c => KeyValuePair.Create(c.Word, c.Count)).OrderBy(kv => kv.Key));
        Assert.All(counts, c => Assert.Equal(Partitioning.Of(Partitioning.Hash(c.Word), 4), c.Partition));
        var manifest = Runs.ReadManifest(P("words"))!;
        Assert.Equal("4", manifest.Metadata!["partitions"]);
        Assert.All(manifest.Shards, s =>
        {
            Assert.NotNull(s.Partition);
            Assert.Matches(new Regex($"^part-{s.Partition:D5}-u[0-9]{{6}}-[0-9a-f]{{8}}-0000\\.jsonl\\.zst$"), s.Key);
        });
        // Three units each touched several partitions.
        Assert.True(manifest.Shards.Select(s => s.Unit).Distinct().Count() == 3 && manifest.Shards.Count > 3);
    }

    [Fact]
    public async Task Exchange_TwoRanks_SameOutputAsOneRank()
    {
        var input = Input();
        await WorkflowRunner.RunAsync(WordCounts(input, 5));
        var single = (await Runs.ReadDatasetAsync<WordCount>(P("counts"))).OrderBy(c => c.Word).ToArray();
        foreach (var folder in new[] { "words", "counts" }) Directory.Delete(P(folder), recursive: true);

        WorkflowRunOptions Options(int rank) => new() { RunUri = P("run"), Rank = new RankInfo(rank, 2), PollInterval = TimeSpan.FromMilliseconds(50) };
        var ranks = await Task.WhenAll(WorkflowRunner.RunAsync(WordCounts(input, 5), Options(0)), WorkflowRunner.RunAsync(WordCounts(input, 5), Options(1)));

        Assert.All(ranks.SelectMany(r => r), r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(single, (await Runs.ReadDatasetAsync<WordCount>(P("counts"))).OrderBy(c => c.Word).ToArray());
    }

    [Fact]
    public async Task ReadGroups_FirstOfEachGroupIsTheFirstInInputOrder_AcrossUnits()
    {
        var input = Input();
        await Runs.RunAsync(Pipeline.Create("scatter").ReadJsonl<Line>(input)
            .FlatMap(l => l.Text.Split(' ').Select(w => new Word(w, l.Id)))
            .WritePartitioned(P("words"), w => w.Text, 3).Build());

        var members = await RecordCollector.CollectAsync(p => p.ReadGroups<Word, string>(P("words"), w => w.Text, StringComparer.Ordinal));

        // Expected: every word's first occurrence in input order (files in name order, lines in order, words in order).
        var inOrder = Directory.GetFiles(input).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .SelectMany(e => e.GetProperty("text").GetString()!.Split(' ').Select(w => new Word(w, e.GetProperty("id").GetString()!))).ToArray();
        Assert.Equal(inOrder.Length, members.Count);
        foreach (var group in members.GroupBy(m => m.Key))
        {
            Assert.Equal(inOrder.First(w => w.Text == group.Key), group.First().First);
            Assert.Equal(Enumerable.Range(0, group.Count()).Select(i => (long)i), group.Select(m => m.Index));
            Assert.All(group, m => Assert.Same(group.First().Record, m.First));
            Assert.Equal(inOrder.Where(w => w.Text == group.Key), group.Select(m => m.Record));
        }
    }

    [Fact]
    public async Task ReadPartitions_NotAPartitionedDataset_RefusedWhenPlanned()
    {
        var input = Input();
        await Runs.RunAsync(Pipeline.Create("plain").ReadJsonl<Line>(input).WriteJsonl(P("plain")).Build());

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(Pipeline.Create("read").ReadPartitions<Line>(P("plain")).WriteJsonl(P("out")).Build()));

        Assert.Contains("is not a partitioned dataset", e.Message);
    }

    [Fact]
    public async Task ReadPartitions_DatasetRewrittenAfterPlanning_UnitFailsNamingIt()
    {
        var input = Input();
        await Runs.RunAsync(Pipeline.Create("scatter").ReadJsonl<Line>(input).WritePartitioned(P("lines"), l => l.Id, 2).Build());
        var source = new PartitionSource<Line>(P("lines"));
        var units = await source.PlanAsync(0, CancellationToken.None);
        // Another run replaces the dataset: the planned units no longer describe it.
        await Runs.RunAsync(Pipeline.Create("scatter").ReadJsonl<Line>(input).Where(l => !l.Id.EndsWith('7'), "drop").WritePartitioned(P("lines"), l => l.Id, 2).Build());

        var items = new List<SourceItem<Line>>();
        await foreach (var item in source.ReadAsync(units[0], CancellationToken.None)) items.Add(item);

        var last = Assert.Single(items);
        Assert.True(last.Fatal);
        Assert.Contains("partition 0 changed since the run was planned", last.Error);
    }
}
