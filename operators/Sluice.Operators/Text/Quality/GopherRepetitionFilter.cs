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
    public static string? Check(string text, GopherRepetitionOptions options)
    {
        if (text.Length == 0) return null;
        var paragraphs = Paragraphs().Split(text.Trim());
        var (paragraphDuplicates, paragraphChars) = Duplicates(paragraphs);
        if (options.DuplicateParagraphFraction is { } pf && (double)paragraphDuplicates / paragraphs.Length is var pr && pr > pf)
            return $"dup_para_frac: {pr:0.###} of paragraphs repeat > {pf}";
        if (options.DuplicateParagraphCharFraction is { } pcf && (double)paragraphChars / text.Length is var pcr && pcr > pcf)
            return $"dup_para_char_frac: {pcr:0.###} of characters in repeated paragraphs > {pcf}";
        var lines = GopherQualityFilter.Lines(text);
        var (lineDuplicates, lineChars) = Duplicates(lines);
        if (options.DuplicateLineFraction is { } lf && (double)lineDuplicates / lines.Length is var lr && lr > lf)
            return $"dup_line_frac: {lr:0.###} of lines repeat > {lf}";
        if (options.DuplicateLineCharFraction is { } lcf && (double)lineChars / text.Length is var lcr && lcr > lcf)
            return $"dup_line_char_frac: {lcr:0.###} of characters in repeated lines > {lcf}";
        var words = WordTokens.Of(text);
        foreach (var (n, fraction) in options.TopNGrams)
        {
            if (words.Count < n) continue;
            var top = NGrams(words, n).GroupBy(g => g, StringComparer.Ordinal).Select(g => (long)g.Key.Length * g.Count()).Max();
            if ((double)top / text.Length is var share && share > fraction)
                return $"top_{n}_gram: {share:0.###} of characters in the most frequent {n}-gram > {fraction}";
        }
        foreach (var (n, fraction) in options.DuplicateNGrams)
        {
            if (words.Count < n) continue;
            var repeated = RepeatedChars(words, n);
            if ((double)repeated / text.Length is var share && share > fraction)
                return $"duplicated_{n}_n_grams: {share:0.###} of characters in repeated {n}-grams > {fraction}";
        }
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
}
