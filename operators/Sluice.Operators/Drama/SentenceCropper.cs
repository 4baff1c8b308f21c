using System.Text;
using Sluice.Operators.Text;

namespace Sluice.Operators.Drama;

/// <summary>
/// Cropped-sentence queries: a sentence of a passage becomes a pseudo-query whose source is the passage. Sentences end
/// at <c>. ! ?</c> followed by whitespace, or at <c>。！？</c>, <c>।</c> (Bengali/Hindi danda) and line breaks.
/// Pure and deterministic.
/// </summary>
public sealed class SentenceCropper
{
    /// <summary>Creates a cropper.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SentenceCropper(CropOptions? options = null)
    {
        Options = options ?? new CropOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public CropOptions Options { get; }

    /// <summary>The queries cropped from <paramref name="passage"/>: none when no sentence has enough words.</summary>
    public IEnumerable<PseudoQuery> Crop(Passage passage, string? corpus = null)
    {
        var sentences = Sentences(passage.Text).Select((s, i) => (Text: Clip(s), Index: i)).Where(s => Words(s.Text) >= Options.MinWords).ToArray();
        if (sentences.Length == 0) yield break;
        if (Options.Mode == CropMode.OnePerPassage)
        {
            var pick = sentences[(int)(StableHash.Of(Options.Seed, passage.Id) % (ulong)sentences.Length)];
            yield return Query(passage, pick.Text, pick.Index, corpus);
            yield break;
        }
        foreach (var s in sentences) yield return Query(passage, s.Text, s.Index, corpus);
    }

    /// <summary>Splits text into trimmed, non-empty sentences.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Flush();
                continue;
            }
            current.Append(c);
            var end = c is '。' or '！' or '？' or '।'
                || (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end) Flush();
        }
        Flush();
        return result;

        void Flush()
        {
            var s = current.ToString().Trim();
            if (s.Length > 0) result.Add(s);
            current.Clear();
        }
    }

    /// <summary>Words in a sentence: whitespace-separated tokens, with each CJK character counted as one.</summary>
    public static int Words(string text)
    {
        int words = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            if (IsCjk(c)) { words++; inWord = false; }
            else if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord) { words++; inWord = true; }
        }
        return words;
    }

    private string Clip(string sentence)
    {
        if (Words(sentence) <= Options.MaxWords) return sentence;
        int words = 0;
        bool inWord = false;
        for (var i = 0; i < sentence.Length; i++)
        {
            var c = sentence[i];
            var starts = IsCjk(c) || (!char.IsWhiteSpace(c) && !inWord);
            inWord = !IsCjk(c) && !char.IsWhiteSpace(c);
            if (starts && ++words > Options.MaxWords) return sentence[..i].TrimEnd();
        }
        return sentence;
    }

    private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30ff' or >= '\u3400' and <= '\u9fff' or >= '\uac00' and <= '\ud7af';

    private static PseudoQuery Query(Passage p, string sentence, int index, string? corpus) =>
        new($"{p.Id}:crop:{index}", sentence, p.Id, p.Text, "crop", Corpus: corpus);
}
