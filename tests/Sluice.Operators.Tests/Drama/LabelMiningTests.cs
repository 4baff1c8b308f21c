using Sluice.Operators.Drama;

namespace Sluice.Operators.Tests.Drama;

public sealed class LabelMiningTests
{
    // A hand-made TREC run: q1 has 50 candidates (d1..d50, scores descending, file order shuffled for a few);
    // q2 has 5 candidates; q3's list is empty after parsing (comments only).
    private static string Run()
    {
        var lines = new List<string> { "# qid Q0 docid rank score tag" };
        for (var r = 50; r >= 1; r--) lines.Add($"q1 Q0 d{r} {r} {100 - r}.5 bm25");
        for (var r = 1; r <= 5; r++) lines.Add($"q2\tQ0\te{r}\t{r}\t{10 - r}\tbm25");
        return string.Join('\n', lines) + "\n";
    }

    private static RetrievedQuery Query(string qid, IReadOnlyList<Candidate> candidates, string source = "d1") =>
        new(new PseudoQuery(qid, "text", source, "", "crop"), candidates);

    [Fact]
    public void TrecRun_Parse_RanksByScore()
    {
        var run = TrecRun.Parse(Run());
        Assert.Equal(50, run["q1"].Count);
        Assert.Equal("d1", run["q1"][0].PassageId);
        Assert.Equal(1, run["q1"][0].Rank);
        Assert.Equal("d50", run["q1"][49].PassageId);
        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], run["q2"].Select(c => c.PassageId));
    }

    [Fact]
    public void TrecRun_BadLine_NamesIt()
    {
        var e = Assert.Throws<FormatException>(() => TrecRun.Parse("q1 Q0 d1 1 0.5 t\nq1 Q0 d2 x 0.4 t\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Mine_DramaRanks_SevenDrawn_Positives1To10_NegativesFrom30To50()
    {
        var run = TrecRun.Parse(Run());
        var draw = new LabelMiningOptions { NegativesPerQuery = 7 };
        var e = LabelMiner.Mine(Query("q1", run["q1"]), draw, out var reason)!;
        Assert.Null(reason);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"d{i}"), e.Positives.Select(p => p.PassageId));
        Assert.Equal(7, e.HardNegatives.Count);
        Assert.All(e.HardNegatives, n => Assert.InRange(n.Rank, 30, 50));
        Assert.Equal(e.HardNegatives.OrderBy(n => n.Rank), e.HardNegatives);
        Assert.Equal(7, e.HardNegatives.Select(n => n.PassageId).Distinct().Count());
        // Deterministic: the same draw every time.
        var again = LabelMiner.Mine(Query("q1", run["q1"]), draw, out _)!;
        Assert.Equal(e.HardNegatives, again.HardNegatives);
    }

    [Fact]
    public void Mine_DragonRange_AndThreeNegatives()
    {
        var run = TrecRun.Parse(Run());
        var e = LabelMiner.Mine(Query("q1", run["q1"]), new LabelMiningOptions { NegativeRanks = new(46, 50), NegativesPerQuery = 3, PositivesPerQuery = 1 }, out _)!;
        Assert.Equal(["d1"], e.Positives.Select(p => p.PassageId));
        Assert.Equal(3, e.HardNegatives.Count);
        Assert.All(e.HardNegatives, n => Assert.InRange(n.Rank, 46, 50));
    }

    [Fact]
    public void Mine_ShortList_HasPositivesButNoNegatives()
    {
        var run = TrecRun.Parse(Run());
        var e = LabelMiner.Mine(Query("q2", run["q2"]), new LabelMiningOptions(), out _)!;
        Assert.Equal(5, e.Positives.Count);
        Assert.Empty(e.HardNegatives);
    }

    [Fact]
    public void Mine_NoCandidates_IsDroppedWithReason()
    {
        Assert.Null(LabelMiner.Mine(Query("q3", []), new LabelMiningOptions(), out var reason));
        Assert.Contains("no candidate at ranks 1–10", reason);
    }

    [Fact]
    public void Mine_RequireSource_DropsWhenSourceNotInPositives()
    {
        var run = TrecRun.Parse(Run());
        Assert.NotNull(LabelMiner.Mine(Query("q1", run["q1"], source: "d7"), new LabelMiningOptions { RequireSourceInPositives = true }, out _));
        Assert.Null(LabelMiner.Mine(Query("q1", run["q1"], source: "d40"), new LabelMiningOptions { RequireSourceInPositives = true }, out var reason));
        Assert.Contains("source passage", reason);
    }

    [Fact]
    public void Mine_Reranked_Rank1PositiveAndRanks10To20Negatives()
    {
        var top20 = TrecRun.Parse(Run())["q1"].Take(20).ToArray();
        var e = LabelMiner.Mine(Query("q1", top20) with { Reranked = true }, LabelMiningOptions.Reranked with { NegativesPerQuery = 7 }, out _)!;
        Assert.Equal(["d1"], e.Positives.Select(p => p.PassageId));
        Assert.Equal(7, e.HardNegatives.Count);
        Assert.All(e.HardNegatives, n => Assert.InRange(n.Rank, 10, 20));
        Assert.True(e.Reranked);
    }

    [Fact]
    public void DprExample_HasDprScaleFieldNames()
    {
        var run = TrecRun.Parse(Run());
        var e = LabelMiner.Mine(Query("q1", run["q1"]), new LabelMiningOptions { NegativesPerQuery = 1, PositivesPerQuery = 1 }, out _)!;
        var json = System.Text.Json.JsonSerializer.Serialize(DprExample.From(e), Sluice.Storage.Formats.SluiceJson.Options);
        Assert.Contains("\"question\":\"text\"", json);
        Assert.Contains("\"positive_ctxs\":[{\"passage_id\":\"d1\"", json);
        Assert.Contains("\"hard_negative_ctxs\":[{\"passage_id\":", json);
        Assert.Contains("\"score\":", json);
        Assert.Contains("\"reranked\":false", json);
    }

    [Fact]
    public void Mine_Default_KeepsTheWholeNegativeWindowWithScores()
    {
        var candidates = TrecRun.Parse(Run())["q1"];
        var e = LabelMiner.Mine(Query("q1", candidates), new LabelMiningOptions(), out _)!;

        var window = candidates.Where(c => c.Rank is >= 30 and <= 50).ToArray();
        Assert.Equal(window.Select(c => (c.PassageId, c.Score, c.Rank)), e.HardNegatives.Select(c => (c.PassageId, c.Score, c.Rank)));
        var line = DprExample.From(e);
        Assert.Equal(window.Select(c => c.Score), line.HardNegativeCtxs.Select(c => c.Score));
    }
}
