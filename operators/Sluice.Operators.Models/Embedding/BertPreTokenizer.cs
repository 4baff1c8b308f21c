using System.Globalization;
using System.Text;

namespace Sluice.Operators.Models.Embedding;

/// <summary>
/// The basic (pre-word-piece) step of the Hugging Face BERT tokenizer, done here because Microsoft.ML.Tokenizers'
/// own basic tokenisation (<c>BertOptions.ApplyBasicTokenization</c>, checked again with 3.0.0) differs from Hugging
/// Face on the MiniLM vocabulary. Returns words separated by single spaces, ready for a whitespace-splitting
/// word-piece pass.
/// </summary>
/// <remarks>
/// What 3.0.0 does instead (lower-casing, accent stripping and CJK splitting on; Hugging Face's tokens on the right):
/// <list type="bullet">
/// <item>drops Unicode symbols (categories S*): <c>p&lt;0.05 and x=3</c> gives <c>p 0 . 05 and x 3</c>, not
/// <c>p &lt; 0 . 05 and x = 3</c>; <c>alpha(+)-thalassemia</c> loses its <c>+</c> (SciFact claim 2 differs);
/// <c>$5 ^ | ~ `x`</c> gives <c>5 x</c>; <c>€ © ± ×</c> vanish;</item>
/// <item>strips no accents under Sluice's InvariantGlobalization: <c>Café naïve</c> gives <c>[UNK] [UNK]</c>, not
/// <c>cafe naive</c>; Hangul syllables are one <c>[UNK]</c> instead of their jamo;</item>
/// <item>removes a newline or NUL instead of making it a space: <c>new\nline</c> gives the one word <c>new ##line</c>,
/// not <c>new line</c>;</item>
/// <item>drops characters outside the vocabulary instead of giving <c>[UNK]</c> (emoji, CJK extension B).</item>
/// </list>
/// <c>MiniLmTokenizerTests.PackageBasicTokenization_StillDiffersFromHuggingFace</c> fails once a package version
/// tokenises these as Hugging Face does; then this class can go.
/// </remarks>
internal static class BertPreTokenizer
{
    /// <summary>
    /// Cleans (drops NUL, U+FFFD and control characters; maps whitespace to a space), spaces out CJK ideographs,
    /// optionally lower-cases and strips accents (NFD, non-spacing marks removed; see <see cref="StripAccents"/>), and spaces out punctuation, where
    /// punctuation is every non-alphanumeric ASCII character plus every Unicode P* category, as in Hugging Face.
    /// </summary>
    public static string Normalize(string text, bool lowerCase)
    {
        var cleaned = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            int cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(rune))
                continue;
            if (IsWhitespace(rune))
                cleaned.Append(' ');
            else if (IsCjk(cp))
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else
                cleaned.Append(rune.ToString());
        }

        string s = cleaned.ToString();
        if (lowerCase)
            s = StripAccents(s.ToLowerInvariant());

        var output = new StringBuilder(s.Length + 32);
        foreach (var rune in s.EnumerateRunes())
        {
            if (IsPunctuation(rune))
                output.Append(' ').Append(rune.ToString()).Append(' ');
            else
                output.Append(rune.ToString());
        }
        return output.ToString();
    }

    /// <summary>NFD followed by removal of non-spacing marks, without ICU (see <see cref="BertAccentTable"/>).</summary>
    internal static string StripAccents(string s)
    {
        var output = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
                continue;
            int cp = rune.Value;
            if (cp is >= 0xAC00 and <= 0xD7A3)
            {
                // Hangul syllables decompose by formula into leading, vowel and optional trailing jamo.
                int index = cp - 0xAC00;
                output.Append((char)(0x1100 + index / 588)).Append((char)(0x1161 + index % 588 / 28));
                if (index % 28 != 0)
                    output.Append((char)(0x11A7 + index % 28));
                continue;
            }
            int at = cp < 0x80 || cp > 0xFFFF ? -1 : BertAccentTable.Keys.AsSpan().BinarySearch((char)cp);
            if (at >= 0)
            {
                var offsets = BertAccentTable.Offsets;
                output.Append(BertAccentTable.Values.AsSpan(offsets[at], offsets[at + 1] - offsets[at]));
            }
            else
            {
                output.Append(rune.ToString());
            }
        }
        return output.ToString();
    }

    private static bool IsWhitespace(Rune r)
        => r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r')
            return false;
        var c = Rune.GetUnicodeCategory(r);
        return c is UnicodeCategory.Control or UnicodeCategory.Format;
    }

    private static bool IsPunctuation(Rune r)
    {
        int cp = r.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)
            return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int cp)
        => cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
