namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Gopher's quality rules (<see cref="GopherQualityOptions"/>), checked in DataTrove's order; the first that fires is
/// the reject reason, named as DataTrove names it with the measured value and the threshold, e.g.
/// <c>gopher_short_doc: 12 words &lt; 50</c>.
/// </summary>
public static class GopherQualityFilter
{
    /// <summary>Why <paramref name="text"/> fails, or null when it passes every rule.</summary>
    public static string? Check(string text, GopherQualityOptions options)
    {
        var tokens = WordTokens.Of(text);
        var words = tokens.Where(t => !WordTokens.IsPunctuation(t)).ToList();
        var n = words.Count;
        if (options.MinWords is { } min && n < min) return $"gopher_short_doc: {n} words < {min}";
        if (options.MaxWords is { } max && n > max) return $"gopher_long_doc: {n} words > {max}";
        if (n == 0) return "gopher_short_doc: no words";
        var mean = words.Average(w => (double)w.Length);
        if (options.MinMeanWordLength is { } minMean && mean < minMean) return $"gopher_below_avg_threshold: mean word length {mean:0.##} < {minMean}";
        if (options.MaxMeanWordLength is { } maxMean && mean > maxMean) return $"gopher_above_avg_threshold: mean word length {mean:0.##} > {maxMean}";
        if (options.MaxSymbolWordRatio is { } symbols)
        {
            var hashes = (double)Count(text, "#") / n;
            if (hashes > symbols) return $"gopher_too_many_hashes: {hashes:0.###} '#' per word > {symbols}";
            var ellipses = (double)(Count(text, "...") + Count(text, "…")) / n;
            if (ellipses > symbols) return $"gopher_too_many_ellipsis: {ellipses:0.###} ellipses per word > {symbols}";
        }
        var lines = Lines(text);
        if (options.MaxBulletLinesRatio is { } bullets)
        {
            var ratio = (double)lines.Count(l => l.TrimStart().StartsWith('•')) / lines.Length;
            if (ratio > bullets) return $"gopher_too_many_bullets: {ratio:0.###} of lines start with a bullet > {bullets}";
        }
        if (options.MaxEllipsisLinesRatio is { } endEllipsis)
        {
            var ratio = (double)lines.Count(l => l.TrimEnd() is var t && (t.EndsWith("...", StringComparison.Ordinal) || t.EndsWith('…'))) / lines.Length;
            if (ratio > endEllipsis) return $"gopher_too_many_end_ellipsis: {ratio:0.###} of lines end with an ellipsis > {endEllipsis}";
        }
        if (options.MinAlphaWordsRatio is { } alpha)
        {
            // DataTrove divides the tokens holding a letter (punctuation has none) by the words.
            var ratio = (double)tokens.Count(WordTokens.HasLetter) / n;
            if (ratio < alpha) return $"gopher_below_alpha_threshold: {ratio:0.###} of words hold a letter < {alpha}";
        }
        if (options.MinStopWords is { } stop && tokens.Count(options.StopWords.Contains) is var found && found < stop)
            return $"gopher_enough_stop_words: {found} stop words < {stop}";
        return null;
    }

    /// <summary>Python's <c>str.splitlines</c> for the line breaks text holds (\n, \r\n, \r); at least one line.</summary>
    internal static string[] Lines(string text)
    {
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        // splitlines drops the empty string after a final line break.
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
