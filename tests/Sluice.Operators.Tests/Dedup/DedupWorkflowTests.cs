using System.IO.Compression;
using System.Text.Json;
using Sluice.Operators.Dedup;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Dedup;

/// <summary>The dedup workflow end to end, on the bundled sample with planted duplicates and on hostile inputs.</summary>
public sealed class DedupWorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-dedup-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    private static string Sample => RepoPaths.Of("examples", "data", "near-duplicates.jsonl");

    private DedupOptions Options(string input, DedupModes modes = DedupModes.Exact | DedupModes.MinHash) =>
        new() { Input = input, Output = P("out"), Work = P("work"), Modes = modes, Partitions = 4 };

    private static async Task RunAsync(DedupOptions options, int ranks = 1, string? run = null)
    {
        var workflow = Workflow.Create("dedup").AddDedupStages(options);
        var runs = Enumerable.Range(0, ranks).Select(rank => WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            RunUri = run, Rank = new RankInfo(rank, ranks), PollInterval = TimeSpan.FromMilliseconds(50),
        }));
        foreach (var results in await Task.WhenAll(runs))
            Assert.All(results, r => Assert.True(r.Status == RunStatus.Completed, $"{r.Stage}: {r.Status} {r.Error}"));
    }

    private List<JsonElement> Kept() => ReadLines(Directory.GetFiles(P("out"), "*.jsonl.gz"));

    private List<JsonElement> Rejects() => ReadLines(Directory.GetFiles(Path.Combine(P("out"), "_rejects")));

    private static List<JsonElement> ReadLines(IEnumerable<string> files) => files.Order(StringComparer.Ordinal).SelectMany(f =>
    {
        using var raw = File.OpenRead(f);
        using var text = new StreamReader(f.EndsWith(".gz") ? new GZipStream(raw, CompressionMode.Decompress) : raw);
        return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }).ToList();

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    // A reject's record is the removed row; its reason names the kept one.
    private static (string Removed, string Reason) Reject(JsonElement e) => (Id(e.GetProperty("record")), e.GetProperty("reason").GetString()!);

    // 60 originals and 21 planted copies: each original's group (ids share "scifact-NNNN") keeps exactly one document.
    private (HashSet<string> Kept, List<(string Removed, string Reason)> Rejects) AssertOneKeptPerPlantedGroup()
    {
        var kept = Kept().Select(Id).ToHashSet();
        var rejects = Rejects().Select(Reject).ToList();
        Assert.Equal(60, kept.Count);
        Assert.Equal(21, rejects.Count);
        var all = File.ReadAllLines(Sample).Select(l => Id(JsonDocument.Parse(l).RootElement)).ToArray();
        foreach (var group in all.GroupBy(id => string.Join('-', id.Split('-').Take(2))))
            Assert.Single(group, kept.Contains);
        return (kept, rejects);
    }

    [Fact]
    public async Task Sample_ExactThenMinHash_OneOfEachPlantedGroupKept_RejectsNameTheKeptDocument()
    {
        await RunAsync(Options(Sample));

        var (kept, rejects) = AssertOneKeptPerPlantedGroup();
        foreach (var (removed, reason) in rejects)
        {
            var original = string.Join('-', removed.Split('-').Take(2));
            var keptId = kept.Single(k => k.StartsWith(original, StringComparison.Ordinal));
            Assert.Contains($"duplicate of {keptId} at u", reason);
            var plantedEdit = removed.Contains("-") && removed.Split('-').Length > 2 ? removed.Split('-')[2] : keptId.Split('-')[2];
            if (plantedEdit is "copy" or "recased") Assert.StartsWith("exact duplicate of", reason);
            else Assert.Matches(@"^near duplicate of .* estimated Jaccard 0\.[5-9][0-9]{2} \(MinHash-LSH, 14 bands x 8 rows over word 5-grams\)$", reason);
        }
    }

    [Fact]
    public async Task Sample_FourRanks_SameKeptAndRejectsAsOneRank()
    {
        await RunAsync(Options(Sample));
        var keptOne = Kept().Select(Id).Order().ToArray();
        var rejectsOne = Rejects().Select(Reject).OrderBy(r => r.Removed).ToArray();
        Directory.Delete(P("out"), true);
        Directory.Delete(P("work"), true);

        await RunAsync(Options(Sample), ranks: 4, run: P("run"));

        Assert.Equal(keptOne, Kept().Select(Id).Order().ToArray());
        Assert.Equal(rejectsOne, Rejects().Select(Reject).OrderBy(r => r.Removed).ToArray());
    }

    [Fact]
    public async Task HostileDocuments_EachHandledAsStated()
    {
        var lines = new List<string>
        {
            """{"id":"empty-1","text":""}""",
            """{"id":"empty-2","text":"   "}""",                  // no words: never a duplicate, kept
            """{"id":"word-1","text":"Hello"}""",
            """{"id":"word-2","text":"hello!"}""",               // one word, equal after normalisation: exact duplicate
            """{"id":"no-text","title":"nothing else"}""",      // no text column: kept
            """{"id":"number-text","text":42}""",               // text not a string: kept as no text
            """{"id":"zh-1","text":"自然语言处理是计算机科学和人工智能的一个分支它研究如何让计算机理解生成和处理人类语言包括机器翻译问答系统和文本摘要等任务这些任务需要大量数据"}""",
            """{"id":"zh-2","text":"自然语言处理是计算机科学和人工智能的一个分支它研究如何让计算机理解生成和处理人类语言包括机器翻译问答系统和文本摘要等任务这些任务需要许多数据"}""",
            """{"id":"zh-3","text":"今天天气很好我们去公园散步看到很多花和树还有小朋友在玩耍大家都很开心"}""",
        };
        File.WriteAllLines(P("in.jsonl"), lines);

        await RunAsync(Options(P("in.jsonl")));

        var kept = Kept().Select(Id).ToHashSet();
        var rejects = Rejects().Select(Reject).ToDictionary(r => r.Removed, r => r.Reason);
        Assert.Equal(["empty-1", "empty-2", "no-text", "number-text", "word-1", "zh-1", "zh-3"], kept.Order());
        Assert.StartsWith("exact duplicate of word-1", rejects["word-2"]);
        // Chinese has no spaces: shingles are character 5-grams, so one changed character leaves a near-duplicate.
        Assert.StartsWith("near duplicate of zh-1", rejects["zh-2"]);
        Assert.Equal(2, rejects.Count);
    }

    [Fact]
    public async Task OneGiantKey_StreamsThroughTheSpillingSort()
    {
        File.WriteAllLines(P("in.jsonl"), Enumerable.Range(0, 3_000).Select(i => $$"""{"id":"d{{i:D4}}","text":"the same text in every document"}"""));

        await RunAsync(Options(P("in.jsonl"), DedupModes.Exact) with { SortBufferBytes = 64 << 10 });

        Assert.Equal(["d0000"], Kept().Select(Id));
        var rejects = Rejects().Select(Reject).ToList();
        Assert.Equal(2_999, rejects.Count);
        Assert.All(rejects, r => Assert.StartsWith("exact duplicate of d0000 at u000000:1 (same normalised text)", r.Reason));
    }

    [Fact]
    public async Task ExactKeyColumn_DuplicateIdsAcrossFiles_Caught()
    {
        Directory.CreateDirectory(P("in"));
        File.WriteAllLines(P("in/a.jsonl"), ["""{"uuid":"x1","text":"first caption"}""", """{"uuid":"x2","text":"second caption"}"""]);
        File.WriteAllLines(P("in/b.jsonl"), ["""{"uuid":"x1","text":"a different caption with a reused uuid"}"""]);

        await RunAsync(Options(P("in"), DedupModes.Exact) with { ExactKeyColumn = "uuid", IdColumn = "uuid" });

        var (removed, reason) = Assert.Single(Rejects().Select(e => (e.GetProperty("record").GetProperty("text").GetString()!, e.GetProperty("reason").GetString()!)));
        Assert.Equal("a different caption with a reused uuid", removed);
        Assert.Equal("exact duplicate of x1 at u000000:1 (same uuid)", reason);
    }

    [Fact]
    public async Task Semantic_AfterExactAndMinHash_SameGroupsKept_NearCopiesFoundByEmbedding()
    {
        await RunAsync(Options(Sample, DedupModes.Semantic));

        // MiniLM reads 256 tokens, lower-cased: every planted copy is within cosine 0.99 of its original, and no two
        // distinct abstracts are.
        var (_, rejects) = AssertOneKeptPerPlantedGroup();
        Assert.All(rejects, r => Assert.Matches(@"^semantic duplicate of scifact-[0-9]{4}(-[a-z]+)? at u000000:[0-9]+: cosine (0\.99[0-9]|1\.000) \(SemDeDup, cosine >= 0\.99 within a k-means cluster\)$", r.Reason));
    }
}
