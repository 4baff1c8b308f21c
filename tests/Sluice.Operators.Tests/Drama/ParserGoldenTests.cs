using Sluice.Operators.Drama;

namespace Sluice.Operators.Tests.Drama;

public sealed class ParserGoldenTests
{
    [Fact]
    public void QueryGeneration_WellFormed_Parses()
    {
        var q = QueryGenerationParser.Parse("Task: Given a history question, find passages.\nQuery: when was the wall built\nLanguage: English", out var reason);
        Assert.Null(reason);
        Assert.Equal(new GeneratedQuery("Given a history question, find passages.", "when was the wall built", "English"), q);
    }

    [Fact]
    public void QueryGeneration_TrailingChatterAndCrLf_Tolerated()
    {
        var q = QueryGenerationParser.Parse("  Task: t\r\nQuery:  长城有多长 \r\nLanguage: Chinese\nHope this helps!", out _);
        Assert.Equal("长城有多长", q!.Query);
        Assert.Equal("Chinese", q.Language);
    }

    [Theory]
    [InlineData("", "model returned no text")]
    [InlineData("   ", "model returned no text")]
    [InlineData("Query: no leading newline\nLanguage: English", "no \"Query:\" line")]
    [InlineData("Task: t\nQuery: q only", "no \"Language:\" line after the query")]
    [InlineData("Task: t\nQuery:   \nLanguage: English", "empty query")]
    [InlineData("Task: t\nLanguage: English\nQuery: reversed", "no \"Language:\" line after the query")]
    public void QueryGeneration_Malformed_IsRejectedWithReason(string raw, string expected)
    {
        Assert.Null(QueryGenerationParser.Parse(raw, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Ranking_WellFormed_IsThePermutation()
    {
        var p = RankingParser.Parse("[4] > [2] > [1] > [3]", 4);
        Assert.Equal([3, 1, 0, 2], p.Order);
        Assert.Equal(4, p.Mentioned);
        Assert.Equal(0, p.Missing);
    }

    [Fact]
    public void Ranking_DuplicatesMissingAndStrayText_AreRepaired()
    {
        var p = RankingParser.Parse("Sure! The ranking is: [3] > [3] > [ 1 ] > [9] > [0] then [5]. Reason: [3] is best.", 5);
        Assert.Equal([2, 0, 4, 1, 3], p.Order);
        Assert.Equal(3, p.Mentioned);
        Assert.Equal(2, p.Missing);
        Assert.Equal(2, p.Duplicates);
        Assert.Equal(2, p.OutOfRange);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I cannot rank these passages.")]
    [InlineData("4 > 2 > 1")]
    public void Ranking_Unparsable_IsEmptyAndKeepsRetrievalOrder(string? raw)
    {
        var p = RankingParser.Parse(raw, 3);
        Assert.True(p.IsEmpty);
        Assert.Equal([0, 1, 2], p.Order);
    }

    [Fact]
    public void Ranking_Apply_RenumbersRanks()
    {
        Candidate[] c = [new("a", "", 3, 1), new("b", "", 2, 2), new("c", "", 1, 3)];
        var applied = ListwiseRerankPrompt.Apply(c, RankingParser.Parse("[3] > [1]", 3));
        Assert.Equal(["c", "a", "b"], applied.Select(x => x.PassageId));
        Assert.Equal([1, 2, 3], applied.Select(x => x.Rank));
    }

    [Fact]
    public void RerankPrompt_NumbersAndCutsPassages()
    {
        var options = new ListwiseRerankOptions { PassageTokens = 3 };
        Candidate[] c = [new("a", "one two three four five", 1, 1), new("b", "line\nbreak", 1, 2)];
        var messages = ListwiseRerankPrompt.Build("the query", c, options);
        var user = messages[^1].Text;
        Assert.Contains("[1] one two three\n[2] line break", user);
        Assert.Contains("Rank all 2 passages", user);
        // The query comes before and after the passages, and every identifier is asked for, most relevant first.
        var first = user.IndexOf("Search query: the query", StringComparison.Ordinal);
        var last = user.LastIndexOf("Search query: the query", StringComparison.Ordinal);
        var passages = user.IndexOf("[1] one", StringComparison.Ordinal);
        Assert.True(first >= 0 && first < passages && last > passages, user);
        Assert.Contains("every identifier exactly once in descending order of relevance", user);
    }

    [Fact]
    public void RerankCut_CountsTokensOfTheNamedTokenizer_NotWords()
    {
        // "Tokenization" is 2 cl100k tokens and "unbelievably" 3; 6 words of 10 tokens; cut to 5 tokens keeps 3 words.
        var text = "Tokenization of unbelievably long words here";
        var tokenizer = Sluice.Operators.Training.TrainingTokenizer.Load(new Sluice.Operators.Training.TokenizeOptions { Tokenizer = "cl100k_base" }).Inner;
        var cut = ListwiseRerankPrompt.Cut(text, new ListwiseRerankOptions { PassageTokens = 5 });
        Assert.True(tokenizer.CountTokens(cut) <= 5, cut);
        Assert.True(tokenizer.CountTokens(text[..(cut.Length + text[cut.Length..].TrimStart().IndexOf(' ') + 1)]) > 5, cut);
        Assert.NotEqual("Tokenization of unbelievably long words", cut);    // five words: what a word count keeps
        Assert.Equal(cut, ListwiseRerankPrompt.Cut(text, new ListwiseRerankOptions { PassageTokens = 5, Tokenizer = "cl100k_base" }));
        Assert.Equal("Tokenization of unbelievably long words", ListwiseRerankPrompt.Cut(text, new ListwiseRerankOptions { PassageTokens = 5, CountTokens = SentenceCropper.Words }));
    }

    [Fact]
    public void PromptTemplate_RoundTripsThroughJson()
    {
        var json = DramaPrompts.QueryGeneration.ToJson();
        var loaded = PromptTemplate.FromJson(json);
        Assert.Equal(DramaPrompts.QueryGeneration.System, loaded.System);
        Assert.Equal(3, loaded.Examples.Count);
        var messages = loaded.Render(new Dictionary<string, string> { ["text"] = "abc" });
        Assert.Equal(8, messages.Count);
        Assert.Equal("Text: abc", messages[^1].Text);
        Assert.Throws<InvalidDataException>(() => PromptTemplate.FromJson("{\"system\": \"x\"}"));
    }

    [Fact]
    public void DefaultQueryGenerationPrompt_HasEnglishBengaliChineseShots()
    {
        var shots = DramaPrompts.QueryGeneration.Examples;
        var parsed = shots.Select(s => QueryGenerationParser.Parse(s.Assistant, out _)!).ToArray();
        Assert.Equal(["English", "Bengali", "Chinese"], parsed.Select(p => p.Language));
        Assert.All(shots, s => Assert.StartsWith("Text: ", s.User));
        // The reference's three task types: a web keyword query, an encyclopedic question, a claim to verify.
        Assert.Contains("web search", parsed[0].Task);
        Assert.False(parsed[0].Query.EndsWith('?'));
        Assert.EndsWith("?", parsed[1].Query);
        Assert.Contains("claim", parsed[2].Task);
        Assert.EndsWith("。", parsed[2].Query);
        Assert.Contains("retrieval task of any kind", DramaPrompts.QueryGeneration.System);
    }

    [Fact]
    public void ShippedPromptFiles_AreTheDefaults()
    {
        var folder = Path.Combine(Sluice.Testing.RepoPaths.Root, "operators", "Sluice.Operators", "Drama", "Prompts");
        Assert.Equal(DramaPrompts.QueryGeneration.ToJson(), PromptTemplate.Load(Path.Combine(folder, "query-generation.json")).ToJson());
        Assert.Equal(DramaPrompts.ListwiseRerank.ToJson(), PromptTemplate.Load(Path.Combine(folder, "listwise-rerank.json")).ToJson());
    }
}
