using Sluice.Operators.Text.Quality;

namespace Sluice.Operators.Tests.Text.Quality;

/// <summary>Each Gopher quality rule at its threshold (passes) and just past it (fires), on hand-made text.</summary>
public sealed class GopherQualityFilterTests
{
    private static readonly string[] Vocabulary = ["the", "garden", "and", "river", "with", "stones"]; // mean length 4.5, 3 stop words in 6

    private static string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(i => Vocabulary[i % Vocabulary.Length]));

    private static string? Check(string text, GopherQualityOptions? options = null) => GopherQualityFilter.Check(text, options ?? new GopherQualityOptions());

    [Fact]
    public void PlainProse_Passes() => Assert.Null(Check(Words(120) + "."));

    [Fact]
    public void WordCount_AtMinimumPasses_OneFewerFires()
    {
        Assert.Null(Check(Words(50) + "."));
        Assert.Equal("gopher_short_doc: 49 words < 50", Check(Words(49) + "."));
    }

    [Fact]
    public void WordCount_AtMaximumPasses_OneMoreFires()
    {
        var options = new GopherQualityOptions { MaxWords = 60 };
        Assert.Null(Check(Words(60), options));
        Assert.Equal("gopher_long_doc: 61 words > 60", Check(Words(61), options));
    }

    [Fact]
    public void PunctuationTokens_AreNotWords()
    {
        // 49 words and 30 punctuation marks are still 49 words.
        Assert.StartsWith("gopher_short_doc: 49 words", Check(Words(49) + string.Concat(Enumerable.Repeat(" ,", 30))));
    }

    [Fact]
    public void MeanWordLength_AtThreeOfPasses_BelowFires()
    {
        Assert.Null(Check(string.Join(' ', Enumerable.Repeat("the and cat dog", 15))));               // mean 3.0
        Assert.StartsWith("gopher_below_avg_threshold: mean word length 2.9", Check(string.Join(' ', Enumerable.Repeat("the and cat dog", 15)) + " to to to to to to"));
    }

    [Fact]
    public void MeanWordLength_AboveTenFires() =>
        Assert.StartsWith("gopher_above_avg_threshold", Check("the and " + string.Join(' ', Enumerable.Repeat("extraordinarily", 60))));

    [Fact]
    public void Hashes_TenPerHundredWordsPass_ElevenFire()
    {
        Assert.Null(Check(Words(100) + " " + string.Concat(Enumerable.Repeat("# ", 10))));
        Assert.Equal("gopher_too_many_hashes: 0.11 '#' per word > 0.1", Check(Words(100) + " " + string.Concat(Enumerable.Repeat("# ", 11))));
    }

    [Fact]
    public void Ellipses_CountBothSpellings()
    {
        // An ellipsis is a token of its own and, not being one ASCII punctuation mark, a word too (as with NLTK and
        // DataTrove's substring test): k ellipses over 100 words give k / (100 + k). Mid-line, so no line ends with one.
        string Text(int dots, int glyphs) => string.Concat(Enumerable.Repeat(" ...", dots)) + string.Concat(Enumerable.Repeat(" …", glyphs)) + " " + Words(100) + ".";
        Assert.Null(Check(Text(6, 5)));
        Assert.Equal("gopher_too_many_ellipsis: 0.107 ellipses per word > 0.1", Check(Text(6, 6)));
    }

    private static string Lines(int count, Func<int, string> line) => string.Join('\n', Enumerable.Range(0, count).Select(line));

    [Fact]
    public void BulletLines_NinetyPercentPass_AllFire()
    {
        Assert.Null(Check(Lines(10, i => (i < 9 ? "• " : "") + Words(8))));
        Assert.Equal("gopher_too_many_bullets: 1 of lines start with a bullet > 0.9", Check(Lines(10, _ => "  • " + Words(8))));
    }

    [Fact]
    public void EllipsisLines_ThirtyPercentPass_FortyFire()
    {
        Assert.Null(Check(Lines(10, i => Words(8) + (i < 3 ? "..." : "."))));
        Assert.Equal("gopher_too_many_end_ellipsis: 0.4 of lines end with an ellipsis > 0.3", Check(Lines(10, i => Words(8) + (i < 4 ? "…" : "."))));
    }

    [Fact]
    public void AlphaWords_EightyPercentPass_FewerFire()
    {
        Assert.Null(Check(Words(40) + string.Concat(Enumerable.Repeat(" 1234", 10))));
        Assert.Equal("gopher_below_alpha_threshold: 0.784 of words hold a letter < 0.8", Check(Words(40) + string.Concat(Enumerable.Repeat(" 1234", 11))));
    }

    [Fact]
    public void StopWords_TwoPass_OneFires_CaseSensitive()
    {
        var noStop = string.Join(' ', Enumerable.Repeat("garden river stones", 20));
        Assert.Null(Check(noStop + " the and"));
        Assert.Equal("gopher_enough_stop_words: 1 stop words < 2", Check(noStop + " the The AND"));
    }

    [Fact]
    public void EmptyText_IsShort() => Assert.Equal("gopher_short_doc: 0 words < 50", Check(""));
}
