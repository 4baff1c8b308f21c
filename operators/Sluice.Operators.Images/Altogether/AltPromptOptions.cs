namespace Sluice.Operators.Images.Altogether;

/// <summary>How the alt-text prompt is built (the reference prompt builder's rules).</summary>
public sealed record AltPromptOptions
{
    /// <summary>Prompt length in tokens: longer prompts are cut to their first this many tokens, shorter are left-padded. Default 128.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>
    /// The id padding uses. Default 1: the reference captioner is OPT, whose tokenizer and config (facebook/opt-*
    /// <c>config.json</c>, <c>pad_token_id: 1</c>; id 0 is <c>&lt;s&gt;</c>) pad with 1. Set it to the pad id of another decoder's tokenizer.
    /// </summary>
    public int PadTokenId { get; init; } = 1;

    /// <summary>Separator between the alt-texts of one image. Default <c>"; "</c>.</summary>
    public string Separator { get; init; } = "; ";

    /// <summary>The tokenizer. Default <see cref="PromptTokenizers.Words"/>; use <see cref="PromptTokenizers.From"/> for a model's own.</summary>
    public Func<string, IReadOnlyList<PromptToken>> Tokenizer { get; init; } = PromptTokenizers.Words;
}
