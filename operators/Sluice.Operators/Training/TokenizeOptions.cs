namespace Sluice.Operators.Training;

/// <summary>Options of <see cref="TrainingVerbs.Tokenize{T}"/>: which tokenizer, and which end-of-text id ends each document.</summary>
public sealed record TokenizeOptions
{
    /// <summary>A named preset: <c>gpt2</c> (GPT-2's 50,257-token BPE), <c>cl100k_base</c> or <c>o200k_base</c> (OpenAI's
    /// tiktoken encodings). Default <c>gpt2</c>. Ignored when <see cref="ModelPath"/> is set.</summary>
    public string Tokenizer { get; init; } = TokenizerPresets.Gpt2;

    /// <summary>A local model file to load instead of a preset (see <see cref="ModelFormat"/>). Default null.</summary>
    public string? ModelPath { get; init; }

    /// <summary>What <see cref="ModelPath"/> holds. Default <see cref="TokenizerModelFormat.Tiktoken"/>.</summary>
    public TokenizerModelFormat ModelFormat { get; init; } = TokenizerModelFormat.Tiktoken;

    /// <summary>For a tiktoken file: the regular expression that splits text into pieces before BPE merges. Default
    /// <see cref="TokenizerPresets.Cl100kSplitPattern"/>, the pattern of cl100k_base, which Llama 3 also uses.</summary>
    public string SplitPattern { get; init; } = TokenizerPresets.Cl100kSplitPattern;

    /// <summary>For a tiktoken file: its special tokens and their ids; the end-of-text token must be among them unless
    /// <see cref="EndOfTextId"/> is set. Default: <c>&lt;|endoftext|&gt;</c> one past the file's highest rank.</summary>
    public IReadOnlyDictionary<string, int>? SpecialTokens { get; init; }

    /// <summary>The id appended after each document's tokens; null (default) takes the model's end-of-text id
    /// (<c>&lt;|endoftext|&gt;</c>: 50256 for gpt2, 100257 for cl100k_base, 199999 for o200k_base; a SentencePiece
    /// model's EOS id).</summary>
    public int? EndOfTextId { get; init; }

    /// <summary>Whether to append the end-of-text id at all. Default true.</summary>
    public bool AppendEndOfText { get; init; } = true;

    /// <summary>Batches tokenized at once; 0 (default) means the pipeline default.</summary>
    public int Parallelism { get; init; }

    /// <summary>Throws when a setting cannot work; called when the verb is added, before any record is read.</summary>
    /// <exception cref="ArgumentException">No tokenizer or model file is named, or the id is negative.</exception>
    public void Validate()
    {
        if (ModelPath is null && !TokenizerPresets.Names.Contains(Tokenizer))
            throw new ArgumentException($"unknown tokenizer '{Tokenizer}': use one of {string.Join(", ", TokenizerPresets.Names)} or set ModelPath");
        if (EndOfTextId is < 0) throw new ArgumentException($"EndOfTextId must be ≥ 0, got {EndOfTextId}");
        ArgumentOutOfRangeException.ThrowIfNegative(Parallelism);
    }
}
