namespace Sluice.Operators.Text.Chunking;

/// <summary>How <see cref="TokenChunker"/> cuts documents into token windows.</summary>
public sealed record TokenChunkOptions
{
    /// <summary>Word-piece tokens per passage, title included, [CLS]/[SEP] excluded. Default 254 (a 256-token model input, as DRAMA uses).</summary>
    public int Tokens { get; init; } = 254;

    /// <summary>Put the title and a space before each passage's text. Default true.</summary>
    public bool PrependTitle { get; init; } = true;

    /// <summary>Throws on values that cannot work.</summary>
    public void Validate()
    {
        if (Tokens < 1) throw new ArgumentException($"Tokens must be at least 1, got {Tokens}");
    }
}
