using System.Text;

namespace Sluice.Operators.Text.Chunking;

/// <summary>
/// The words both chunkers count: runs of non-whitespace, except that every character of a script written without
/// spaces (Han, Kana, Thai, Lao, Khmer, Myanmar: <see cref="CharWordScripts"/>, Hangul excepted since Korean is
/// spaced) is a word of its own, so a Chinese, Japanese or Thai document is cut into windows like any other instead of
/// being one long word. A passage's text is its words joined as the document had them: one space where whitespace
/// separated two words, nothing between two characters that touched.
/// </summary>
internal static class ChunkWords
{
    /// <summary>The character spans of <paramref name="text"/>'s words, in order.</summary>
    public static List<(int Start, int End)> Spans(string text)
    {
        var spans = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (Rune.IsWhiteSpace(rune))
            {
                if (start >= 0) spans.Add((start, i));
                start = -1;
            }
            else if (CharWordScripts.Contains(rune.Value) && !CharWordScripts.IsHangul(rune.Value))
            {
                if (start >= 0) spans.Add((start, i));
                spans.Add((i, i + length));
                start = -1;
            }
            else if (start < 0) start = i;
            i += length;
        }
        if (start >= 0) spans.Add((start, text.Length));
        return spans;
    }

    /// <summary>The words <paramref name="first"/>…<paramref name="last"/> of <paramref name="text"/>, a space where whitespace parted two.</summary>
    public static string Join(string text, IReadOnlyList<(int Start, int End)> words, int first, int last)
    {
        var body = new StringBuilder(words[last].End - words[first].Start);
        for (var w = first; w <= last; w++)
        {
            if (w > first && words[w].Start > words[w - 1].End) body.Append(' ');
            body.Append(text, words[w].Start, words[w].End - words[w].Start);
        }
        return body.ToString();
    }
}
