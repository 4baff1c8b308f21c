namespace Sluice.Operators.Text.Chunking;

/// <summary>How <see cref="PassageChunker"/> cuts documents (OpenScholar's reference settings by default).</summary>
public sealed record ChunkOptions
{
    /// <summary>Whitespace words per passage; the stride equals it (no overlap). Default 250.</summary>
    public int Words { get; init; } = 250;

    /// <summary>Put the title and a space before each passage's text. Default true.</summary>
    public bool PrependTitle { get; init; } = true;

    /// <summary>
    /// A last passage shorter than this many words is merged into the one before (when there is one).
    /// Default 0: the last short passage is kept as it is, as OpenScholar does.
    /// </summary>
    public int MinWords { get; init; }

    /// <summary>
    /// End passages at a sentence end (., ! or ? followed by space) when one lies in the last quarter of the
    /// window, so passages rarely cut a sentence. Default false (exact word windows).
    /// </summary>
    public bool SentenceAware { get; init; }

    /// <summary>Throws on values that cannot work.</summary>
    public void Validate()
    {
        if (Words < 1) throw new ArgumentException($"Words must be at least 1, got {Words}");
        if (MinWords < 0 || MinWords > Words) throw new ArgumentException($"MinWords must be in [0, Words], got {MinWords}");
    }
}
