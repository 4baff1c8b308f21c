using System.Globalization;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// The word tokens the quality rules count, close to NLTK's <c>word_tokenize</c> that DataTrove uses: runs of
/// letters, digits and marks (with apostrophes and hyphens inside a word kept, so <c>don't</c> and <c>well-known</c>
/// are one token each — NLTK splits <c>n't</c> off), and every other non-space character as a token of its own, except
/// that <c>...</c> is one token. No NLTK model is needed; counts differ from NLTK's only around contractions and
/// abbreviations.
/// </summary>
public static class WordTokens
{
    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public static List<string> Of(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (IsWordChar(text, i))
            {
                var start = i;
                while (i < text.Length && (IsWordChar(text, i) || IsJoiner(text, i))) i++;
                tokens.Add(text[start..i]);
                continue;
            }
            if (c == '.' && i + 2 < text.Length && text[i + 1] == '.' && text[i + 2] == '.')
            {
                tokens.Add("...");
                i += 3;
                continue;
            }
            var width = char.IsSurrogatePair(text, i) ? 2 : 1;
            tokens.Add(text.Substring(i, width));
            i += width;
        }
        return tokens;
    }

    /// <summary>Whether a token is one ASCII punctuation character (Python's <c>string.punctuation</c>).</summary>
    public static bool IsPunctuation(string token) => token.Length == 1 && char.IsAsciiLetterOrDigit(token[0]) is false && token[0] is > ' ' and < '\x7f';

    /// <summary>Whether a token holds at least one letter.</summary>
    public static bool HasLetter(string token)
    {
        foreach (var c in token) if (char.IsLetter(c)) return true;
        return false;
    }

    private static bool IsWordChar(string text, int i) =>
        char.GetUnicodeCategory(text, i) is var k && (char.IsLetterOrDigit(text, i) || k is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);

    // An apostrophe or hyphen between two word characters stays inside the word.
    private static bool IsJoiner(string text, int i) =>
        text[i] is '\'' or '’' or '-' && i + 1 < text.Length && i > 0 && IsWordChar(text, i - 1) && IsWordChar(text, i + 1);
}
