using System.Text;
using Microsoft.ML.Tokenizers;

namespace Sluice.Operators.Images.Altogether;

/// <summary>Tokenizers for <see cref="AltPromptBuilder"/>: a model's own (Microsoft.ML.Tokenizers) or a vocabulary-free default.</summary>
public static class PromptTokenizers
{
    /// <summary>
    /// The default: one token per run of letters/digits (any script; CJK and Thai characters one each, as they carry no
    /// spaces) and one per other symbol. Ids are a stable hash into 50,000 (never 0, the default pad id), so padding
    /// and truncation are exact even though the ids are not a model's vocabulary.
    /// </summary>
    public static IReadOnlyList<PromptToken> Words(string text)
    {
        var tokens = new List<PromptToken>();
        var i = 0;
        while (i < text.Length)
        {
            var rune = Rune.GetRuneAt(text, i);
            if (Rune.IsWhiteSpace(rune)) { i += rune.Utf16SequenceLength; continue; }
            var start = i;
            if (Rune.IsLetterOrDigit(rune) && !IsUnspacedScript(rune))
            {
                while (i < text.Length)
                {
                    var r = Rune.GetRuneAt(text, i);
                    if (!(Rune.IsLetterOrDigit(r) || Rune.GetUnicodeCategory(r) is System.Globalization.UnicodeCategory.NonSpacingMark
                        or System.Globalization.UnicodeCategory.SpacingCombiningMark) || IsUnspacedScript(r)) break;
                    i += r.Utf16SequenceLength;
                }
            }
            else
            {
                i += rune.Utf16SequenceLength;
                // Keep combining marks with their base character.
                while (i < text.Length && Rune.GetUnicodeCategory(Rune.GetRuneAt(text, i)) is System.Globalization.UnicodeCategory.NonSpacingMark
                       or System.Globalization.UnicodeCategory.SpacingCombiningMark)
                    i += Rune.GetRuneAt(text, i).Utf16SequenceLength;
            }
            tokens.Add(new PromptToken(StableId(text.AsSpan(start, i - start)), start, i - start));
        }
        return tokens;
    }

    /// <summary>Adapts a Microsoft.ML.Tokenizers tokenizer (BPE, SentencePiece, WordPiece …), without special tokens.</summary>
    public static Func<string, IReadOnlyList<PromptToken>> From(Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return text =>
        {
            var encoded = tokenizer.EncodeToTokens(text, out var normalized, considerPreTokenization: true, considerNormalization: false);
            return encoded.Select(t => new PromptToken(t.Id, t.Offset.Start.Value, t.Offset.End.Value - t.Offset.Start.Value)).ToArray();
        };
    }

    private static bool IsUnspacedScript(Rune r) =>
        r.Value is >= 0x3040 and <= 0x30FF      // Hiragana, Katakana
            or >= 0x3400 and <= 0x9FFF          // CJK
            or >= 0xAC00 and <= 0xD7AF          // Hangul syllables
            or >= 0x0E00 and <= 0x0E7F          // Thai
            or >= 0x20000 and <= 0x2FFFF;

    private static int StableId(ReadOnlySpan<char> token)
    {
        // FNV-1a over UTF-16: stable across processes, unlike string.GetHashCode.
        uint h = 2166136261;
        foreach (var c in token) { h ^= c; h *= 16777619; }
        return 1 + (int)(h % 49_999);
    }
}
