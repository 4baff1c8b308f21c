namespace Sluice.Operators.Text;

/// <summary>Counts whitespace-separated words without allocating.</summary>
public static class WordCounter
{
    /// <summary>Words in <paramref name="text"/>, stopping early once <paramref name="atLeast"/> are found.</summary>
    public static int Count(ReadOnlySpan<char> text, int atLeast = int.MaxValue)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord)
            {
                inWord = true;
                if (++words >= atLeast) return words;
            }
        }
        return words;
    }
}
