namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// Builds the alt-text part of a re-alignment prompt as the Altogether reference does: the image's alt-texts
/// de-duplicated as a set, joined with <c>"; "</c>, tokenized without special tokens, cut to the first
/// <see cref="AltPromptOptions.MaxTokens"/> tokens and left-padded to exactly that many. One departure: the reference
/// joins a Python <c>set</c>, whose order varies from run to run; here the first occurrence decides, so runs repeat.
/// </summary>
public sealed class AltPromptBuilder
{
    /// <summary>A builder with <paramref name="options"/> (default <see cref="AltPromptOptions"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AltPromptOptions.MaxTokens"/> is below 1.</exception>
    public AltPromptBuilder(AltPromptOptions? options = null)
    {
        Options = options ?? new AltPromptOptions();
        if (Options.MaxTokens < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.MaxTokens, "MaxTokens must be at least 1");
        ArgumentNullException.ThrowIfNull(Options.Tokenizer);
        ArgumentNullException.ThrowIfNull(Options.Separator);
    }

    /// <summary>The options in force.</summary>
    public AltPromptOptions Options { get; }

    /// <summary>The distinct alt-texts (ordinal, first occurrence kept) joined with the separator.</summary>
    public string Join(IEnumerable<string> alts) =>
        string.Join(Options.Separator, alts.Distinct(StringComparer.Ordinal));

    /// <summary>The joined text cut after its first <see cref="AltPromptOptions.MaxTokens"/> tokens (the text the model is sent).</summary>
    public string Truncate(string joined)
    {
        var tokens = Options.Tokenizer(joined);
        if (tokens.Count <= Options.MaxTokens) return joined;
        var last = tokens[Options.MaxTokens - 1];
        return joined[..(last.Start + last.Length)];
    }

    /// <summary>Joined and truncated alt-text of one image.</summary>
    public string Build(IEnumerable<string> alts) => Truncate(Join(alts));

    /// <summary>
    /// Token ids of exactly <see cref="AltPromptOptions.MaxTokens"/>: the first that many tokens of <paramref name="joined"/>,
    /// preceded by pad ids when it is shorter (left padding, as a decoder-only prompt needs).
    /// </summary>
    public int[] EncodePadded(string joined)
    {
        var tokens = Options.Tokenizer(joined);
        var n = Math.Min(tokens.Count, Options.MaxTokens);
        var ids = new int[Options.MaxTokens];
        var pad = Options.MaxTokens - n;
        Array.Fill(ids, Options.PadTokenId, 0, pad);
        for (var i = 0; i < n; i++) ids[pad + i] = tokens[i].Id;
        return ids;
    }
}
