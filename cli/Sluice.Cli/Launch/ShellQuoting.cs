using System.Text;

namespace Sluice.Cli.Launch;

/// <summary>POSIX shell quoting for generated scripts and printed commands.</summary>
internal static class ShellQuoting
{
    /// <summary>The word as the shell should read it: unchanged when it has only safe characters, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=@%+,".Contains(c))) return word;
        return "'" + word.Replace("'", "'\\''") + "'";
    }

    /// <summary>Quotes and joins words with spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>
    /// Splits an option string (<c>--partition=gpu --time="1:00:00"</c>) into words the way a shell would, honouring
    /// single and double quotes and backslashes; no expansion.
    /// </summary>
    /// <exception cref="ArgumentException">A quote is not closed.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (c == '\\' && quote == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\') word.Append(text[++i]);
                else word.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') quote = c;
                else if (c == '\\' && i + 1 < text.Length) word.Append(text[++i]);
                else word.Append(c);
            }
        }
        if (quote != '\0') throw new ArgumentException($"unclosed {quote} in '{text}'");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
