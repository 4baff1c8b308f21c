using Sluice.Operators.Embedding;
using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Tests.Search.Lexical;

public class Bm25IndexTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "Statins lower cholesterol in adults with heart disease.",
        "Hip fractures in elderly women are linked to low bone density.",
        "Vitamin D supplements and calcium intake in older adults.",
        "Fractured hips heal slowly; hip fracture surgery within two days lowers mortality.",
        "Cholesterol, cholesterol, cholesterol: a long review of lipid lowering drugs and their many side effects in practice.",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sluice-bm25-{Guid.NewGuid():N}");

    public Bm25IndexTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Search_ExactRareTerm_RanksThatPassageFirst()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts[..3]);
        await WriteShardAsync("part-1.arrow", 3, Texts[3..]);
        using var index = await Bm25Index.BuildAsync(_dir);
        Assert.Equal(5, index.Count);
        var result = index.Search(["vitamin supplements", "hip fracture surgery"], k: 3);
        Assert.Equal(2, result.RowsOf(0)[0]);
        // Stemming joins "fracture", "fractures" and "fractured"; the passage with every query term leads.
        Assert.Equal(3, result.RowsOf(1)[0]);
        Assert.Equal(1, result.RowsOf(1)[1]);
        Assert.Equal(-1, result.RowsOf(0)[1]);
    }

    [Fact]
    public async Task LoadAsync_AfterBuild_ScoresAsTheBuiltIndex()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        TopKResult built;
        using (var index = await Bm25Index.BuildAsync(_dir)) built = index.Search(["cholesterol drugs", "bone density"], 5);
        Assert.True(File.Exists(Path.Combine(_dir, Bm25Index.Folder, "bm25.json")));
        using var loaded = await Bm25Index.LoadAsync(_dir);
        Assert.NotNull(loaded);
        var again = loaded.Search(["cholesterol drugs", "bone density"], 5);
        Assert.Equal(built.Rows, again.Rows);
        Assert.Equal(built.Scores, again.Scores);
        // The index folder starts with '_': the datastore still loads only its shard.
        Assert.Equal(5, (await PassageIndex.LoadAsync(_dir)).Count);
    }

    [Fact]
    public async Task LoadAsync_NoIndex_ReturnsNull()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        Assert.Null(await Bm25Index.LoadAsync(_dir));
    }

    [Fact]
    public async Task LoadAsync_DatastoreChanged_RefusesTheStaleIndex()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        (await Bm25Index.BuildAsync(_dir)).Dispose();
        await WriteShardAsync("part-1.arrow", 5, ["A new passage about sleep."]);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Bm25Index.LoadAsync(_dir));
        Assert.Contains("built over other data", e.Message);
        Assert.Contains("rebuild", e.Message);
    }

    [Theory]
    [InlineData("AND ( ] \"")]
    [InlineData("title:\"unterminated AND OR NOT ) ( [ { ~ ^ * ? \\ / -")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the of and")]
    [InlineData("hip* fract~2 \"bone density\"^3 +vitamin -statins")]
    public async Task Search_HostileQuery_DoesNotThrow(string query)
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        using var index = await Bm25Index.BuildAsync(_dir);
        var result = index.Search([query], 5);
        Assert.Equal(1, result.Queries);
    }

    [Fact]
    public async Task Search_QuerySyntax_IsPlainText()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        using var index = await Bm25Index.BuildAsync(_dir);
        // Lucene syntax would read "-statins" as "must not contain": as plain words it finds the statins passage.
        Assert.Equal(0, index.Search(["-statins"], 1).RowsOf(0)[0]);
        Assert.Equal([("statin", 1), ("hip", 2)], index.Analyze("Statins hip HIP the"));
    }

    [Fact]
    public async Task Search_K1AndB_ChangeTheScores()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        (await Bm25Index.BuildAsync(_dir)).Dispose();
        using var defaults = await Bm25Index.LoadAsync(_dir);
        using var lucene = await Bm25Index.LoadAsync(_dir, new Bm25Options { K1 = 1.2f, B = 0.75f });
        using var noLength = await Bm25Index.LoadAsync(_dir, new Bm25Options { K1 = 0.9f, B = 0f });
        var a = defaults!.Search(["cholesterol"], 2);
        var b = lucene!.Search(["cholesterol"], 2);
        var c = noLength!.Search(["cholesterol"], 2);
        // Row 4 repeats the term three times in a long passage; row 0 says it once in a short one.
        Assert.Equal([4, 0], a.Rows);
        Assert.NotEqual(a.Scores, b.Scores);
        Assert.NotEqual(a.Scores, c.Scores);
        // Without length normalisation, the repeated term's passage gains against the short one.
        Assert.True(c.Scores[0] / c.Scores[1] > a.Scores[0] / a.Scores[1]);
    }

    [Fact]
    public async Task Build_StandardAnalyzer_RecordedAndUsedForQueries()
    {
        await WriteShardAsync("part-0.arrow", 0, Texts);
        (await Bm25Index.BuildAsync(_dir, new Bm25Options { Analyzer = Bm25Analyzer.Standard })).Dispose();
        using var loaded = await Bm25Index.LoadAsync(_dir);
        Assert.Equal(Bm25Analyzer.Standard, loaded!.Analyzer);
        // No stemming: "fractured" matches only its own passage, and stop words are kept.
        Assert.Equal([3, -1], loaded.Search(["fractured"], 2).Rows);
        Assert.Equal([("the", 1), ("hips", 1)], loaded.Analyze("The hips"));
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Options { B = 1.5f }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Options { K1 = -1 }.Validate());
    }

    private async Task WriteShardAsync(string name, int first, IReadOnlyList<string> texts)
    {
        await using var writer = new ArrowShardWriter<EmbeddedPassage>(File.Create(Path.Combine(_dir, name)));
        var records = texts.Select((t, i) => new EmbeddedPassage($"d{first + i}#0", $"d{first + i}", 0, null, t, 0, 0, [1f, 0f])).ToArray();
        await writer.WriteAsync(records, default);
    }
}
