namespace Sluice.Operators.Drama;

/// <summary>Options of the <c>GenerateQueries</c> verb (defaults from the DRAMA recipe).</summary>
public sealed record QueryGenerationOptions
{
    /// <summary>The prompt. Default <see cref="DramaPrompts.QueryGeneration"/>.</summary>
    public PromptTemplate Prompt { get; init; } = DramaPrompts.QueryGeneration;

    /// <summary>Sampling temperature. Default 0.8.</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Nucleus sampling. Default 0.9.</summary>
    public float TopP { get; init; } = 0.9f;

    /// <summary>Longest answer. Default 256 tokens.</summary>
    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>Passages longer than this many characters are cut (at a word) before prompting. Default 4000.</summary>
    public int MaxPassageChars { get; init; } = 4000;

    /// <summary>
    /// Seed sent with each request, mixed with the passage id so each passage gets its own sample; null sends none.
    /// Default 0. It is part of the cache key, so change it to draw new queries for the same passages.
    /// </summary>
    public int? Seed { get; init; } = 0;

    /// <summary>Requests in flight per batch operator (the endpoint's limiter bounds the total). Default 64.</summary>
    public int Parallelism { get; init; } = 64;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Prompt);
        if (Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be non-negative");
        if (TopP is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputTokens, 1, nameof(MaxOutputTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPassageChars, 16, nameof(MaxPassageChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
    }
}
