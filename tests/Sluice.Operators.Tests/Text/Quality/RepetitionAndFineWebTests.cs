using Sluice.Operators.Text.Quality;

namespace Sluice.Operators.Tests.Text.Quality;

/// <summary>Gopher repetition and FineWeb rules at their thresholds and just past them, on hand-made text.</summary>
public sealed class RepetitionAndFineWebTests
{
    // Distinct lines: ten words of their own each, so no n-gram repeats anywhere.
    private static string Distinct(int i) => string.Join(' ', Enumerable.Range(0, 10).Select(k => $"l{i}w{k}x")) + ".";

    private static string Filler(int from, int count) => string.Join(' ', Enumerable.Range(from, count).Select(k => $"f{k}y"));

    private static string? Repetition(string text) => GopherRepetitionFilter.Check(text, new GopherRepetitionOptions());

    private static string? FineWeb(string text) => FineWebQualityFilter.Check(text, new FineWebQualityOptions());

    [Fact]
    public void DistinctLines_PassBoth()
    {
        var text = string.Join('\n', Enumerable.Range(0, 20).Select(Distinct));
        Assert.Null(Repetition(text));
        Assert.Null(FineWeb(text));
    }

    [Fact]
    public void RepeatedLines_ThirtyPercentPass_FortyFire()
    {
        // 10 lines; a short line repeated so its characters stay far below 20 %.
        string Text(int repeats) => string.Join('\n', Enumerable.Range(0, 10).Select(i => i < repeats + 1 ? "ok" : Distinct(i) + " " + Distinct(i + 100)));
        Assert.Null(Repetition(Text(3)));
        Assert.Equal("dup_line_frac: 0.4 of lines repeat > 0.3", Repetition(Text(4)));
    }

    [Fact]
    public void BlankLinesBetweenParagraphs_AreNotRepeatedLines()
    {
        // Ten distinct paragraphs split by blank lines: split line by line, the nine empty lines would be 47 % repeats.
        var text = string.Join("\n\n", Enumerable.Range(0, 10).Select(Distinct));
        Assert.Null(Repetition(text));
        Assert.Equal(0, GopherRepetitionFilter.Measure(text, new GopherRepetitionOptions()).DuplicateLines);
    }

    [Fact]
    public void RepeatedParagraph_CharacterShare_Fires()
    {
        var repeated = Distinct(1) + " " + Distinct(2);
        var text = string.Join("\n\n", [Distinct(3), repeated, Distinct(4), repeated, Distinct(5)]);
        Assert.StartsWith("dup_para_char_frac: ", Repetition(text));
    }

    [Fact]
    public void TopBigram_Dominating_Fires()
    {
        var text = string.Join(' ', Enumerable.Repeat("buy now", 30)) + " " + Distinct(1);
        Assert.StartsWith("top_2_gram: ", Repetition(text));
    }

    [Fact]
    public void RepeatedFiveGrams_WithinOneLine_Fire()
    {
        // A 20-word phrase three times among unique words: its 3- and 4-grams stay under their top-n-gram limits.
        var phrase = string.Join(' ', Enumerable.Range(0, 20).Select(k => $"p{k}q"));
        var text = $"{Filler(0, 40)} {phrase} {Filler(40, 40)} {phrase} {Filler(80, 40)} {phrase}.";
        Assert.StartsWith("duplicated_5_n_grams: ", Repetition(text));
    }

    [Fact]
    public void LinePunctuation_TwelvePercentFires_ThirteenPasses()
    {
        string Text(int punctuated) => string.Join('\n', Enumerable.Range(0, 100).Select(i => Distinct(i).TrimEnd('.') + (i < punctuated ? "." : "")));
        Assert.Equal("line_punct_ratio: 0.12 of lines end in punctuation <= 0.12", FineWeb(Text(12)));
        Assert.Null(FineWeb(Text(13)));
    }

    [Fact]
    public void ShortLines_TwoThirdsFire()
    {
        string Text(int shortLines) => string.Join('\n', Enumerable.Range(0, 100).Select(i => i < shortLines ? $"Item {i}." : Distinct(i)));
        Assert.Null(FineWeb(Text(66)));
        Assert.Equal("short_line_ratio: 0.67 of lines have <= 30 characters >= 0.67", FineWeb(Text(67)));
    }

    [Fact]
    public void RepeatedLineCharacters_OnePercentFires()
    {
        var lines = Enumerable.Range(0, 50).Select(Distinct).ToList();
        var total = string.Join("", lines).Length;
        // A repeated line just under 1 % of the characters passes; two copies of it pass 1 %.
        var line = new string('x', total / 100 - 5) + ".";
        Assert.Null(FineWeb(string.Join('\n', lines.Append(line).Append(line))));
        Assert.StartsWith("char_dup_ratio: ", FineWeb(string.Join('\n', lines.Append(line).Append(line).Append(line))));
    }

    [Fact]
    public void ManyNewlinesPerWord_IsAList()
    {
        // Two long words and a full stop a line (three tokens): 1 newline per 3 tokens > 0.3, lines still over 30 characters.
        var text = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"Extraordinarily{i} comprehensiveness{i}."));
        Assert.StartsWith("list_ratio: ", FineWeb(text));
    }
}
