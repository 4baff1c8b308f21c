using System.Text.RegularExpressions;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Gopher's repetition rules (<see cref="GopherRepetitionOptions"/>) in DataTrove's order and with its measures:
/// fractions of characters are over the whole text's length; an n-gram is its words joined by one space. One
/// deliberate difference: for the repeated n-gram fractions DataTrove walks a list of n-grams as if it were words
/// (grams of grams); here the walk is over the words, as the paper describes: at each word, an n-gram seen before
/// adds its characters and the walk jumps n words, else it is remembered and the walk moves one word.
/// </summary>
public static partial class GopherRepetitionFilter
{
    /// <summary>Why <paramref name="text"/> fails, or null when it passes every rule.</summary>
    public static string? Check(string text, GopherRepetitionOptions options) => Decide(Measure(text, options), options);

    /// <summary>What the rules measure on <paramref name="text"/>, for the n of <paramref name="options"/>' n-gram rules.</summary>
    public static GopherRepetitionMeasures Measure(string text, GopherRepetitionOptions options)
    {
        if (text.Length == 0) return new(0, 0, 0, 0, new Dictionary<int, double>(), new Dictionary<int, double>());
        var paragraphs = Paragraphs().Split(text.Trim());
        var (paragraphDuplicates, paragraphChars) = Duplicates(paragraphs);
        // DataTrove splits lines on runs of newlines, so the blank lines between paragraphs are not repeated lines.
        var lines = LineRuns().Split(text);
        var (lineDuplicates, lineChars) = Duplicates(lines);
        var words = WordTokens.Of(text);
        var top = new Dictionary<int, double>();
        foreach (var (n, _) in options.TopNGrams.Where(g => words.Count >= g.N))
            top[n] = (double)NGrams(words, n).GroupBy(g => g, StringComparer.Ordinal).Select(g => (long)g.Key.Length * g.Count()).Max() / text.Length;
        var repeated = new Dictionary<int, double>();
        foreach (var (n, _) in options.DuplicateNGrams.Where(g => words.Count >= g.N))
            repeated[n] = (double)RepeatedChars(words, n) / text.Length;
        return new((double)paragraphDuplicates / paragraphs.Length, (double)paragraphChars / text.Length,
            (double)lineDuplicates / lines.Length, (double)lineChars / text.Length, top, repeated);
    }

    /// <summary>Why a text with <paramref name="m"/> fails, or null: the rules in DataTrove's order, the first that fires.</summary>
    public static string? Decide(GopherRepetitionMeasures m, GopherRepetitionOptions options)
    {
        if (options.DuplicateParagraphFraction is { } pf && m.DuplicateParagraphs > pf)
            return $"dup_para_frac: {m.DuplicateParagraphs:0.###} of paragraphs repeat > {pf}";
        if (options.DuplicateParagraphCharFraction is { } pcf && m.DuplicateParagraphChars > pcf)
            return $"dup_para_char_frac: {m.DuplicateParagraphChars:0.###} of characters in repeated paragraphs > {pcf}";
        if (options.DuplicateLineFraction is { } lf && m.DuplicateLines > lf)
            return $"dup_line_frac: {m.DuplicateLines:0.###} of lines repeat > {lf}";
        if (options.DuplicateLineCharFraction is { } lcf && m.DuplicateLineChars > lcf)
            return $"dup_line_char_frac: {m.DuplicateLineChars:0.###} of characters in repeated lines > {lcf}";
        foreach (var (n, fraction) in options.TopNGrams)
            if (m.TopNGrams.TryGetValue(n, out var share) && share > fraction)
                return $"top_{n}_gram: {share:0.###} of characters in the most frequent {n}-gram > {fraction}";
        foreach (var (n, fraction) in options.DuplicateNGrams)
            if (m.DuplicateNGrams.TryGetValue(n, out var share) && share > fraction)
                return $"duplicated_{n}_n_grams: {share:0.###} of characters in repeated {n}-grams > {fraction}";
        return null;
    }

    private static (int Elements, long Chars) Duplicates(IEnumerable<string> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int elements = 0;
        long chars = 0;
        foreach (var item in items)
            if (!seen.Add(item)) { elements++; chars += item.Length; }
        return (elements, chars);
    }

    private static IEnumerable<string> NGrams(List<string> words, int n)
    {
        for (var i = 0; i + n <= words.Count; i++) yield return string.Join(' ', words.GetRange(i, n));
    }

    private static long RepeatedChars(List<string> words, int n)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long repeated = 0;
        var i = 0;
        while (i + n <= words.Count)
        {
            var gram = string.Join(' ', words.GetRange(i, n));
            if (seen.Add(gram)) i++;
            else { repeated += gram.Length; i += n; }
        }
        return repeated;
    }

    [GeneratedRegex(@"\n{2,}")]
    private static partial Regex Paragraphs();

    [GeneratedRegex(@"\n+")]
    private static partial Regex LineRuns();
}
