using System.IO.Compression;
using System.Text.Json;
using Sluice.Operators.Shuffle;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Tests.Shuffle;

/// <summary>The global shuffle end to end: a permutation, dealt round-robin, heads held out, the same for any rank count.</summary>
public sealed class GlobalShuffleWorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-shuffle-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>Typed records as the typed overload reads them.</summary>
    public sealed record Line(string Id, int N);

    // Several input files so the first stage has several work units; 1,003 lines so chunks are uneven.
    private string Input(int lines = 1_003, int files = 3)
    {
        var folder = Directory.CreateDirectory(P("in")).FullName;
        for (var f = 0; f < files; f++)
            File.WriteAllLines(Path.Combine(folder, $"part-{f}.jsonl"),
                Enumerable.Range(0, lines).Where(i => i % files == f).Select(i => $$"""{"id":"d{{i:D5}}","n":{{i}}}"""));
        return folder;
    }

    private ShuffleOptions Options(string input, string tag = "a", long seed = 42, int chunks = 4, int heldOut = 10, int unitsPerChunk = 2) => new()
    {
        Input = input, Output = P($"out-{tag}"), Work = P($"work-{tag}"), Seed = seed, Chunks = chunks, HeldOutPerChunk = heldOut,
        Partitions = 5, UnitsPerChunk = unitsPerChunk, SortBufferBytes = 4 << 10,
    };

    private static async Task RunAsync(Workflow workflow, int ranks = 1, string? run = null, string? stage = null)
    {
        var runs = Enumerable.Range(0, ranks).Select(rank => WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            RunUri = run, Rank = new RankInfo(rank, ranks), PollInterval = TimeSpan.FromMilliseconds(50), Stage = stage,
        }));
        foreach (var results in await Task.WhenAll(runs))
            Assert.All(results, r => Assert.True(r.Status == RunStatus.Completed, $"{r.Stage}: {r.Status} {r.Error}"));
    }

    private static Task RunAsync(ShuffleOptions options, int ranks = 1, string? run = null) =>
        RunAsync(Workflow.Create("shuffle").AddGlobalShuffleStages(options), ranks, run);

    // A dataset's ids in the order its shards (named by unit, in plan order) hold them.
    private static List<string> Ids(string dataset) => Directory.GetFiles(dataset, "*.jsonl.gz").Order(StringComparer.Ordinal).SelectMany(f =>
    {
        using var text = new StreamReader(new GZipStream(File.OpenRead(f), CompressionMode.Decompress));
        return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
    }).ToList();

    private static List<List<string>> Chunks(ShuffleOptions o) =>
        Enumerable.Range(0, o.Chunks).Select(c => Ids(Path.Combine(o.Output, GlobalShuffleWorkflow.ChunkName(c)))).ToList();

    private static List<string> Val(ShuffleOptions o) => Ids(Path.Combine(o.Output, GlobalShuffleWorkflow.HeldOutName));

    // Puts heads back on their chunks and deals the lines back: the one global order the chunks were dealt from.
    private static List<string> GlobalOrder(ShuffleOptions o)
    {
        var val = new Queue<string>(Val(o));
        var counts = JsonSerializer.Deserialize<ShuffleCounts>(File.ReadAllText(Path.Combine(o.Output, ShuffleCounts.FileName)), SluiceJson.Options)!;
        var full = Chunks(o).Select((lines, c) => Enumerable.Range(0, (int)counts.HeldOutLines[c]).Select(_ => val.Dequeue()).Concat(lines).ToList()).ToList();
        Assert.Empty(val);
        var order = new List<string>();
        for (var i = 0; order.Count < counts.Total; i++) order.Add(full[i % o.Chunks][i / o.Chunks]);
        return order;
    }

    [Fact]
    public async Task Shuffle_EveryLineExactlyOnce_ChunksWithinOne_HeadsHeldOut_DealtRoundRobinFromTheKeyOrder()
    {
        var options = Options(Input());
        await RunAsync(options);

        var chunks = Chunks(options);
        var val = Val(options);
        var all = chunks.SelectMany(c => c).Concat(val).ToList();
        Assert.Equal(Enumerable.Range(0, 1_003).Select(i => $"d{i:D5}"), all.Order(StringComparer.Ordinal));
        var full = chunks.Select(c => c.Count + 10).ToArray();
        Assert.Equal([251, 251, 251, 250], full);
        Assert.Equal(40, val.Count);
        var order = GlobalOrder(options);
        // The global order is ascending seeded-hash order of each record as written.
        var expected = order.Select(id => ShuffleKey<Line>.Of(new Line(id, int.Parse(id[1..])), 42).Key()).ToList();
        Assert.Equal(expected.Order(), expected);
        // Not the input order.
        Assert.NotEqual(order.Order(StringComparer.Ordinal), order);
        var counts = JsonSerializer.Deserialize<ShuffleCounts>(File.ReadAllText(Path.Combine(options.Output, ShuffleCounts.FileName)), SluiceJson.Options)!;
        Assert.Equal(1_003, counts.Total);
        Assert.Equal(["chunk.00", "chunk.01", "chunk.02", "chunk.03"], counts.Chunks);
        Assert.Equal([241, 241, 241, 240], counts.ChunkLines);
        Assert.Equal([10, 10, 10, 10], counts.HeldOutLines);
    }

    [Fact]
    public async Task Shuffle_SameSeed_SameChunks_OtherSeed_OtherOrder()
    {
        var input = Input();
        await RunAsync(Options(input, "a"));
        await RunAsync(Options(input, "b"));
        await RunAsync(Options(input, "c", seed: 7));

        Assert.Equal(Chunks(Options(input, "a")), Chunks(Options(input, "b")));
        Assert.Equal(Val(Options(input, "a")), Val(Options(input, "b")));
        var seven = GlobalOrder(Options(input, "c", seed: 7));
        var fortyTwo = GlobalOrder(Options(input, "a"));
        Assert.Equal(fortyTwo.Order(), seven.Order());
        // Two independent shuffles of 1,003 lines agree at a handful of places at most.
        Assert.True(fortyTwo.Zip(seven).Count(p => p.First == p.Second) < 20);
    }

    [Fact]
    public async Task Shuffle_TwoRanksAndOtherFileCuts_SameOutputAsOneRank()
    {
        var one = Options(Input(), "one");
        await RunAsync(one);
        var two = Options(P("in"), "two");
        await RunAsync(two, ranks: 2, run: P("run-two"));
        Assert.Equal(Chunks(one), Chunks(two));
        Assert.Equal(Val(one), Val(two));

        // The same lines cut into other files (so other work units and positions): the same chunks.
        Directory.Delete(P("in"), recursive: true);
        var recut = Options(Input(files: 7), "recut");
        await RunAsync(recut, ranks: 3, run: P("run-recut"));
        Assert.Equal(Chunks(one), Chunks(recut));
        Assert.Equal(Val(one), Val(recut));
    }

    [Fact]
    public async Task Shuffle_TypedRecords_SameOrderAsRows()
    {
        var input = Input();
        await RunAsync(Options(input, "rows"));
        var typed = Options(input, "typed");
        await RunAsync(Workflow.Create("shuffle").AddGlobalShuffleStages<Line>(typed));
        Assert.Equal(Chunks(Options(input, "rows")), Chunks(typed));
    }

    [Fact]
    public async Task Shuffle_StoppedAfterRanking_ResumesToTheCleanRunsOutput()
    {
        var clean = Options(Input(), "clean");
        await RunAsync(clean);

        var resumed = Options(P("in"), "resumed");
        var workflow = Workflow.Create("shuffle").AddGlobalShuffleStages(resumed);
        // The first run gets through two stages only; the second run, on the same run folder, finds them done.
        await RunAsync(workflow, run: P("run"), stage: "shuffle-keys");
        await RunAsync(workflow, run: P("run"), stage: "shuffle-rank");
        Assert.False(Directory.Exists(Path.Combine(resumed.Output, "chunk.00")));
        await RunAsync(workflow, run: P("run"));

        Assert.Equal(Chunks(clean), Chunks(resumed));
        Assert.Equal(Val(clean), Val(resumed));
    }

    [Theory]
    [InlineData(3, 0)]     // fewer lines than chunks: one chunk is empty
    [InlineData(40, 10)]   // every line held out: chunk datasets are empty, val holds everything
    [InlineData(41, 10)]   // one line past the heads
    public async Task Shuffle_SmallInputs_EveryLineOnce_CountsAgree(int lines, int heldOut)
    {
        var options = Options(Input(lines, files: 2), heldOut: heldOut);
        await RunAsync(options);

        var chunks = Chunks(options);
        var val = Val(options);
        Assert.Equal(lines, chunks.Sum(c => c.Count) + val.Count);
        Assert.Equal(lines, chunks.SelectMany(c => c).Concat(val).Distinct().Count());
        Assert.Equal(Math.Min(lines, 4 * heldOut), val.Count);
        Assert.Equal(GlobalOrder(options).Count, lines);
    }
}
