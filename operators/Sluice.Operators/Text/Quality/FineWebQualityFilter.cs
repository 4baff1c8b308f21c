namespace Sluice.Operators.Text.Quality;

/// <summary>FineWeb's rules (<see cref="FineWebQualityOptions"/>) in DataTrove's order; lines split on <c>\n</c> only, as DataTrove does.</summary>
public static class FineWebQualityFilter
{
    private static readonly char[] StopChars = ['.', '\'', '"', '!', '?'];

    /// <summary>Why <paramref name="text"/> fails, or null when it passes every rule.</summary>
    public static string? Check(string text, FineWebQualityOptions options)
    {
        var lines = text.Split('\n');
        var punctuated = (double)lines.Count(l => l.Length > 0 && StopChars.Contains(l[^1])) / lines.Length;
        if (punctuated <= options.LinePunctuationThreshold && !(punctuated == 0 && options.LinePunctuationExcludeZero))
            return $"line_punct_ratio: {punctuated:0.###} of lines end in punctuation <= {options.LinePunctuationThreshold}";
        var shortLines = (double)lines.Count(l => l.Length <= options.ShortLineLength) / lines.Length;
        if (shortLines >= options.ShortLineThreshold)
            return $"short_line_ratio: {shortLines:0.###} of lines have <= {options.ShortLineLength} characters >= {options.ShortLineThreshold}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long repeated = 0;
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
            if (!seen.Add(line)) repeated += line.Length;
        var characters = text.Length - text.Count(c => c == '\n');
        if (characters > 0 && (double)repeated / characters is var dup && dup >= options.CharDuplicatesRatio)
            return $"char_dup_ratio: {dup:0.###} of characters in repeated lines >= {options.CharDuplicatesRatio}";
        var words = WordTokens.Of(text).Count;
        var newLines = lines.Length - 1;
        if (words == 0 ? newLines > 0 : (double)newLines / words > options.NewLineRatio)
            return $"list_ratio: {(words == 0 ? double.PositiveInfinity : (double)newLines / words):0.###} newlines per word > {options.NewLineRatio}";
        return null;
    }
}
