using System.Text.RegularExpressions;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// C4's rules (<see cref="C4QualityOptions"/>) in DataTrove's order: per line (split as Python's <c>splitlines</c>,
/// trimmed) a too-long word drops it, citations are removed, then missing terminal punctuation, too few words,
/// "javascript" and policy phrases drop it, while "lorem ipsum" or <c>{</c> in a surviving line drops the page. The page
/// keeps its surviving lines joined by <c>\n</c> and needs <see cref="C4QualityOptions.MinSentences"/> sentences in
/// them. Sentences are counted as runs of text ending in <c>. ! ?</c> followed by a space or the end — NLTK's punkt,
/// which DataTrove uses, also knows abbreviations, so counts can differ on text like "Dr. Smith".
/// </summary>
public static partial class C4QualityFilter
{
    private static readonly string[] PolicyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    /// <summary>The page's kept text, or why the whole page is dropped (then the text is null).</summary>
    public static (string? Text, string? Reason) Apply(string text, C4QualityOptions options)
    {
        var kept = new List<string>();
        var sentences = 0;
        foreach (var raw in GopherQualityFilter.Lines(text))
        {
            var line = raw.Trim();
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (options.MaxWordLength > 0 && words.Any(w => w.Length > options.MaxWordLength)) continue;
            if (options.RemoveCitations) line = Citation().Replace(line, "");
            if (options.RequireTerminalPunctuation && (line.Length == 0 || line[^1] is not ('.' or '?' or '!' or '"' or '\'') || line.EndsWith("...", StringComparison.Ordinal)))
                continue;
            if (words.Length < options.MinWordsPerLine) continue;
            var lower = line.ToLowerInvariant();
            if (options.RejectLoremIpsum && lower.Contains("lorem ipsum", StringComparison.Ordinal)) return (null, "c4_lorem_ipsum: the page says \"lorem ipsum\"");
            if (options.DropJavascriptLines && lower.Contains("javascript", StringComparison.Ordinal)) continue;
            if (options.RejectCurlyBrackets && line.Contains('{')) return (null, "c4_curly_bracket: the page holds a '{'");
            if (options.DropPolicyLines && PolicyPhrases.Any(p => lower.Contains(p, StringComparison.Ordinal))) continue;
            sentences += Math.Max(1, SentenceEnd().Count(line));
            kept.Add(line);
        }
        if (sentences < options.MinSentences) return (null, $"c4_too_few_sentences: {sentences} sentences in kept lines < {options.MinSentences}");
        return (string.Join('\n', kept).Trim(), null);
    }

    [GeneratedRegex(@"\[\d*]|\[edit]|\[citation needed]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"[.!?]+[""')\]]*(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}
