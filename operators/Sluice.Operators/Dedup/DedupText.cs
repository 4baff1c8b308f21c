using System.Buffers;
using System.Text;
using Sluice.Operators.Text;

namespace Sluice.Operators.Dedup;

/// <summary>
/// The text normalisation shared by exact and near-duplicate detection, modelled on DataTrove's
/// <c>simplify_text</c> with its default <c>TextNormConfig</c> (huggingface/datatrove src/datatrove/utils/text.py,
/// commit a649de79c14a550dc90f48a15c025f2dd3fd3b57), restated here as one rule per code point.
/// </summary>
/// <remarks>
/// <para>The rule, applied to each code point in order:</para>
/// <list type="number">
/// <item>Fold: replace it by its compatibility decomposition (NFKD) without nonspacing marks, so accents go
/// (<c>é</c> → <c>e</c>) and compatibility forms become plain ones (full-width <c>Ａ</c> → <c>A</c>, <c>ﬁ</c> → <c>fi</c>).
/// DataTrove decomposes canonically (NFD); compatibility folding is the one deliberate difference. Hangul syllables
/// are not decomposed. Decompositions come from Unicode 14 (<see cref="UnicodeFoldTable"/>).</item>
/// <item>Lower-case it (simple invariant case mapping).</item>
/// <item>Classify it by Unicode category: marks (Mn, Me) and format characters (Cf: zero-width joiners, soft
/// hyphens) are dropped without splitting a word; letters (L*), spacing marks (Mc), letter and other numbers (Nl,
/// No) and private-use characters are kept; decimal digits (Nd) are numbers; everything else — punctuation,
/// symbols, spaces, controls — separates words.</item>
/// <item>Numbers: a run of decimal digits, in which single <c>.</c> or <c>,</c> may join digit runs
/// (<c>3.14</c>, <c>1,000,000</c>), becomes one <c>0</c>, as DataTrove's number normalisation does.</item>
/// <item>Words are separated by exactly one space, with none at either end.</item>
/// </list>
/// <para>Weekday and month names are left alone, as in DataTrove's defaults.</para>
/// </remarks>
public static class DedupText
{
    /// <summary>Normalises <paramref name="text"/> by the rule above; an empty string when nothing but separators remains.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            var length = DedupNormalizer.NormalizeInto(text, ref buffer, spaceCharWords: false);
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The words of a normalised text: its whitespace-separated tokens, except that every character of a script
    /// written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar) is a word by itself, so
    /// <c>"abc中文def"</c> gives <c>abc</c>, <c>中</c>, <c>文</c>, <c>def</c>. These are the words the MinHash shingles join.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="normalized"/> is null.</exception>
    public static List<string> Words(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var words = new List<string>();
        var start = -1;
        void Flush(int end)
        {
            if (start >= 0) words.Add(normalized[start..end]);
            start = -1;
        }
        for (var i = 0; i < normalized.Length;)
        {
            Rune.DecodeFromUtf16(normalized.AsSpan(i), out var rune, out var consumed);
            if (Rune.IsWhiteSpace(rune))
                Flush(i);
            else if (CharWordScripts.Contains(rune.Value))
            {
                Flush(i);
                words.Add(normalized.Substring(i, consumed));
            }
            else if (start < 0)
                start = i;
            i += consumed;
        }
        Flush(normalized.Length);
        return words;
    }
}
