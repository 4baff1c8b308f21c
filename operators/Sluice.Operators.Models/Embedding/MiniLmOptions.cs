namespace Sluice.Operators.Models.Embedding;

/// <summary>Options of <see cref="MiniLmEmbedder"/>; validated when the embedder is created.</summary>
public sealed record MiniLmOptions
{
    /// <summary>Texts run through the model together. Default 32. Must be at least 1.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Longest token sequence given to the model, counting [CLS] and [SEP]; longer texts are truncated and counted in
    /// <see cref="MiniLmEmbedder.TruncatedInputs"/>. Default 256 (the sentence-transformers setting of all-MiniLM-L6-v2);
    /// must lie in 2..512 (the model's position table has 512 entries).
    /// </summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>ONNX Runtime intra-op threads. Default <c>null</c>, meaning <see cref="Environment.ProcessorCount"/>.</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>
    /// Length bucketing: the texts of one call are sorted by token count before being cut into batches, so each batch
    /// is padded only to a similar length. Results come back in input order either way. Default <c>true</c>.
    /// </summary>
    public bool Bucketing { get; init; } = true;

    internal void Validate()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (MaxTokens is < 2 or > 512)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must lie in 2..512.");
        if (IntraOpThreads is < 1)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be at least 1 when set.");
    }
}
