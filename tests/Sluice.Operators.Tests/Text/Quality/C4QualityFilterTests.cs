using Sluice.Operators.Text.Quality;

namespace Sluice.Operators.Tests.Text.Quality;

/// <summary>C4's line and page rules on hand-made pages.</summary>
public sealed class C4QualityFilterTests
{
    private static (string? Text, string? Reason) Apply(string text) => C4QualityFilter.Apply(text, new C4QualityOptions());

    private static string Good(int i) => $"Sentence number {i} has enough words in it.";

    [Fact]
    public void FiveSentences_KeptLinesOnly()
    {
        var page = string.Join('\n', [Good(1), "Menu", Good(2), "Read more...", Good(3), "Enable JavaScript to view this page.", Good(4),
            "We use cookies to improve the site.", Good(5) + "[12]", "Home | About | Contact"]);

        var (text, reason) = Apply(page);

        Assert.Null(reason);
        Assert.Equal(string.Join('\n', Good(1), Good(2), Good(3), Good(4), Good(5)), text);
    }

    [Fact]
    public void FourSentences_PageDropped() =>
        Assert.Equal("c4_too_few_sentences: 4 sentences in kept lines < 5", Apply(string.Join('\n', Enumerable.Range(1, 4).Select(Good))).Reason);

    [Fact]
    public void SeveralSentencesInOneLine_AllCount() =>
        Assert.Null(Apply("One sentence here. Two sentences here! Three here? Four here. Five here.").Reason);

    [Fact]
    public void TwoWordLine_Dropped_ThreeKept()
    {
        var (text, _) = Apply(string.Join('\n', Enumerable.Range(1, 5).Select(Good).Append("Two words.").Append("Three words here.")));
        Assert.EndsWith("\nThree words here.", text);
        Assert.DoesNotContain("Two words.", text);
    }

    [Fact]
    public void LoremIpsum_DropsThePage() =>
        Assert.StartsWith("c4_lorem_ipsum", Apply(string.Join('\n', Enumerable.Range(1, 5).Select(Good).Append("Lorem ipsum dolor sit amet."))).Reason);

    [Fact]
    public void CurlyBracket_DropsThePage_OnlyInAKeptLine()
    {
        Assert.StartsWith("c4_curly_bracket", Apply(string.Join('\n', Enumerable.Range(1, 5).Select(Good).Append("Code like f(x) { return x; } is here."))).Reason);
        // A line dropped earlier (no terminal punctuation) never reaches the bracket rule.
        Assert.Null(Apply(string.Join('\n', Enumerable.Range(1, 5).Select(Good).Append("function f() { return 1; }"))).Reason);
    }

    [Fact]
    public void OverlongWord_DropsItsLine()
    {
        var (text, _) = Apply(string.Join('\n', Enumerable.Range(1, 5).Select(Good).Append($"A {new string('x', 1001)} word.")));
        Assert.DoesNotContain("xxx", text);
    }
}
