namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Gopher's quality rules (<see cref="GopherQualityOptions"/>), checked in DataTrove's order; the first that fires is
/// the reject reason, named as DataTrove names it with the measured value and the threshold, e.g.
/// <c>gopher_short_doc: 12 words &lt; 50</c>.
/// </summary>
public static class GopherQualityFilter
{
    /// <summary>Why <paramref name="text"/> fails, or null when it passes every rule.</summary>
    public static string? Check(string text, GopherQualityOptions options) => Decide(Measure(text, options), options);

    /// <summary>What the rules measure on <paramref name="text"/> (stop words from <paramref name="options"/>).</summary>
    public static GopherQualityMeasures Measure(string text, GopherQualityOptions options)
    {
        var tokens = WordTokens.Of(text);
        var words = tokens.Where(t => !WordTokens.IsPunctuation(t)).ToList();
        var n = words.Count;
        var lines = Lines(text);
        double PerWord(double count) => n == 0 ? 0 : count / n;
        return new GopherQualityMeasures(
            n,
            n == 0 ? 0 : words.Average(w => (double)w.Length),
            PerWord(Count(text, "#")),
            PerWord(Count(text, "...") + Count(text, "…")),
            (double)lines.Count(l => l.TrimStart().StartsWith('•')) / lines.Length,
            (double)lines.Count(l => l.TrimEnd() is var t && (t.EndsWith("...", StringComparison.Ordinal) || t.EndsWith('…'))) / lines.Length,
            // DataTrove divides the tokens holding a letter (punctuation has none) by the words.
            PerWord(tokens.Count(WordTokens.HasLetter)),
            tokens.Count(options.StopWords.Contains));
    }

    /// <summary>Why a text with <paramref name="m"/> fails, or null: the rules in DataTrove's order, the first that fires.</summary>
    public static string? Decide(GopherQualityMeasures m, GopherQualityOptions options)
    {
        var n = m.Words;
        if (options.MinWords is { } min && n < min) return $"gopher_short_doc: {n} words < {min}";
        if (options.MaxWords is { } max && n > max) return $"gopher_long_doc: {n} words > {max}";
        if (n == 0) return "gopher_short_doc: no words";
        var mean = m.MeanWordLength;
        if (options.MinMeanWordLength is { } minMean && mean < minMean) return $"gopher_below_avg_threshold: mean word length {mean:0.##} < {minMean}";
        if (options.MaxMeanWordLength is { } maxMean && mean > maxMean) return $"gopher_above_avg_threshold: mean word length {mean:0.##} > {maxMean}";
        if (options.MaxSymbolWordRatio is { } symbols)
        {
            if (m.HashesPerWord > symbols) return $"gopher_too_many_hashes: {m.HashesPerWord:0.###} '#' per word > {symbols}";
            if (m.EllipsesPerWord > symbols) return $"gopher_too_many_ellipsis: {m.EllipsesPerWord:0.###} ellipses per word > {symbols}";
        }
        if (options.MaxBulletLinesRatio is { } bullets && m.BulletLines > bullets)
            return $"gopher_too_many_bullets: {m.BulletLines:0.###} of lines start with a bullet > {bullets}";
        if (options.MaxEllipsisLinesRatio is { } endEllipsis && m.EndEllipsisLines > endEllipsis)
            return $"gopher_too_many_end_ellipsis: {m.EndEllipsisLines:0.###} of lines end with an ellipsis > {endEllipsis}";
        if (options.MinAlphaWordsRatio is { } alpha && m.AlphaWords < alpha)
            return $"gopher_below_alpha_threshold: {m.AlphaWords:0.###} of words hold a letter < {alpha}";
        if (options.MinStopWords is { } stop && m.StopWords < stop)
            return $"gopher_enough_stop_words: {m.StopWords} stop words < {stop}";
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
