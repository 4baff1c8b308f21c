namespace Sluice.Operators.Training;

/// <summary>The tokenizers <see cref="TokenizeOptions.Tokenizer"/> can name; their vocabularies ship in the
/// Microsoft.ML.Tokenizers.Data.* packages, so nothing is downloaded at run time.</summary>
public static class TokenizerPresets
{
    /// <summary>GPT-2's byte-level BPE: 50,257 ids, <c>&lt;|endoftext|&gt;</c> = 50256.</summary>
    public const string Gpt2 = "gpt2";

    /// <summary>OpenAI's cl100k_base (GPT-3.5/GPT-4): 100,277 ids, <c>&lt;|endoftext|&gt;</c> = 100257.</summary>
    public const string Cl100kBase = "cl100k_base";

    /// <summary>OpenAI's o200k_base (GPT-4o): 200,019 ids, <c>&lt;|endoftext|&gt;</c> = 199999.</summary>
    public const string O200kBase = "o200k_base";

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Gpt2, Cl100kBase, O200kBase];

    /// <summary>The special token that ends a document in the tiktoken encodings.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>cl100k_base's split pattern as tiktoken publishes it (contractions, letter runs, up to three digits,
    /// punctuation runs, newlines, other spaces); the default for a tiktoken model file.</summary>
    public const string Cl100kSplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
}
