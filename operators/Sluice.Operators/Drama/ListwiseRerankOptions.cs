namespace Sluice.Operators.Drama;

/// <summary>Options of the <c>RerankListwise</c> verb (defaults from the DRAMA recipe).</summary>
public sealed record ListwiseRerankOptions
{
    /// <summary>The prompt (placeholders <c>{query}</c>, <c>{passages}</c>, <c>{count}</c>). Default <see cref="DramaPrompts.ListwiseRerank"/>.</summary>
    public PromptTemplate Prompt { get; init; } = DramaPrompts.ListwiseRerank;

    /// <summary>Candidates reranked (the rest are dropped from the reranked list). Default 20.</summary>
    public int TopN { get; init; } = 20;

    /// <summary>Each passage is cut to this many tokens in the prompt. Default 256.</summary>
    public int PassageTokens { get; init; } = 256;

    /// <summary>
    /// The tokenizer <see cref="PassageTokens"/> counts in: a preset of <see cref="Training.TokenizerPresets"/>. Default
    /// <c>cl100k_base</c>: the recipe reranks with Llama 3, whose 128k-token BPE keeps cl100k_base's first 100k ranks, so
    /// cuts agree but for the rare words Llama 3's extra merges join. For the exact tokenizer load its file with
    /// <see cref="Training.TrainingTokenizer.Load"/> and pass its count as <see cref="CountTokens"/>.
    /// </summary>
    public string Tokenizer { get; init; } = Training.TokenizerPresets.Cl100kBase;

    /// <summary>Counts tokens for the cut; default null counts in <see cref="Tokenizer"/>.</summary>
    public Func<string, int>? CountTokens { get; init; }

    /// <summary>Sampling temperature. Default 0.</summary>
    public float Temperature { get; init; }

    /// <summary>Longest answer. Default 256 tokens (20 ids as "[nn] > " take about 120).</summary>
    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>Requests in flight per batch operator. Default 64.</summary>
    public int Parallelism { get; init; } = 64;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(TopN, 2, nameof(TopN));
        ArgumentOutOfRangeException.ThrowIfLessThan(PassageTokens, 1, nameof(PassageTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputTokens, 1, nameof(MaxOutputTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        if (Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be non-negative");
    }
}
