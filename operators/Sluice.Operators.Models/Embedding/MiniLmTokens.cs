namespace Sluice.Operators.Models.Embedding;

/// <summary>
/// The token ids of a list of texts, as made by <see cref="MiniLmEmbedder.Tokenize"/>: each row starts with [CLS], ends
/// with [SEP] and is already truncated. Kept apart from the model run so tokenization and inference can be timed alone.
/// </summary>
public sealed class MiniLmTokens
{
    internal MiniLmTokens(int[][] ids, int truncated)
    {
        Ids = ids;
        Truncated = truncated;
        foreach (var row in ids)
        {
            TotalTokens += row.Length;
            LongestRow = Math.Max(LongestRow, row.Length);
        }
    }

    internal int[][] Ids { get; }

    /// <summary>Number of texts.</summary>
    public int Count => Ids.Length;

    /// <summary>Tokens over all texts, special tokens included.</summary>
    public long TotalTokens { get; }

    /// <summary>Token count of the longest text, special tokens included.</summary>
    public int LongestRow { get; }

    /// <summary>Texts that were cut to the token limit.</summary>
    public int Truncated { get; }

    /// <summary>Token count of text <paramref name="index"/>, special tokens included.</summary>
    public int Length(int index) => Ids[index].Length;
}
