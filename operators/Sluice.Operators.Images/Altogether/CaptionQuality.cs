using System.Text;

namespace Sluice.Operators.Images.Altogether;

/// <summary>Per-caption quality figures: caption length in words and the share of alt-text words the caption kept.</summary>
public static class CaptionQuality
{
    /// <summary>Words in <paramref name="text"/> (tokens of <see cref="PromptTokenizers.Words"/> that hold a letter or digit).</summary>
    public static int Words(string text) => WordSet(text, out var count).Count >= 0 ? count : 0;

    /// <summary>
    /// The share of the distinct words of <paramref name="altTexts"/> (case-folded, any script) that appear in
    /// <paramref name="caption"/>; 1 when the alt-texts have no words.
    /// </summary>
    public static double AltWordsKept(IReadOnlyList<string> altTexts, string caption)
    {
        var alt = WordSet(string.Join(' ', altTexts), out _);
        if (alt.Count == 0) return 1;
        var cap = WordSet(caption, out _);
        return (double)alt.Count(cap.Contains) / alt.Count;
    }

    private static HashSet<string> WordSet(string text, out int count)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        count = 0;
        foreach (var t in PromptTokenizers.Words(text))
        {
            var word = text.Substring(t.Start, t.Length);
            if (!word.EnumerateRunes().Any(Rune.IsLetterOrDigit)) continue;
            count++;
            set.Add(word.ToLowerInvariant());
        }
        return set;
    }
}
