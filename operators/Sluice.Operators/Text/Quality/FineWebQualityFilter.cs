namespace Sluice.Operators.Text.Quality;

/// <summary>FineWeb's rules (<see cref="FineWebQualityOptions"/>) in DataTrove's order; lines split on <c>\n</c> only, as DataTrove does.</summary>
public static class FineWebQualityFilter
{
    private static readonly char[] StopChars = ['.', '\'', '"', '!', '?'];

    /// <summary>Why <paramref name="text"/> fails, or null when it passes every rule.</summary>
    public static string? Check(string text, FineWebQualityOptions options) => Decide(Measure(text, options), options);

    /// <summary>What the rules measure on <paramref name="text"/> (short lines by <paramref name="options"/>' length).</summary>
    public static FineWebQualityMeasures Measure(string text, FineWebQualityOptions options)
    {
        var lines = text.Split('\n');
        var punctuated = (double)lines.Count(l => l.Length > 0 && StopChars.Contains(l[^1])) / lines.Length;
        var shortLines = (double)lines.Count(l => l.Length <= options.ShortLineLength) / lines.Length;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long repeated = 0;
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
            if (!seen.Add(line)) repeated += line.Length;
        var characters = text.Length - text.Count(c => c == '\n');
        return new(punctuated, shortLines, characters > 0 ? (double)repeated / characters : null, WordTokens.Of(text).Count, lines.Length - 1);
    }

    /// <summary>Why a text with <paramref name="m"/> fails, or null: the rules in DataTrove's order, the first that fires.</summary>
    public static string? Decide(FineWebQualityMeasures m, FineWebQualityOptions options)
    {
        if (m.LinePunctuation <= options.LinePunctuationThreshold && !(m.LinePunctuation == 0 && options.LinePunctuationExcludeZero))
            return $"line_punct_ratio: {m.LinePunctuation:0.###} of lines end in punctuation <= {options.LinePunctuationThreshold}";
        if (m.ShortLines >= options.ShortLineThreshold)
            return $"short_line_ratio: {m.ShortLines:0.###} of lines have <= {options.ShortLineLength} characters >= {options.ShortLineThreshold}";
        if (m.CharDuplicates is { } dup && dup >= options.CharDuplicatesRatio)
            return $"char_dup_ratio: {dup:0.###} of characters in repeated lines >= {options.CharDuplicatesRatio}";
        if (m.Words == 0 ? m.NewLines > 0 : m.NewLinesPerWord > options.NewLineRatio)
            return $"list_ratio: {m.NewLinesPerWord ?? double.PositiveInfinity:0.###} newlines per word > {options.NewLineRatio}";
        return null;
    }
}
