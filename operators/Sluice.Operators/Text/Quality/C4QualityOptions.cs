namespace Sluice.Operators.Text.Quality;

/// <summary>
/// C4's line and page rules (Raffel et al. 2020, section 2.2), with DataTrove's defaults (huggingface/datatrove
/// <c>pipeline/filters/c4_filters.py</c>, commit 10c004698e3efa030d43d91f25a7621b639f90cc). The bad-words list is not
/// applied (it needs a per-language list the user supplies).
/// </summary>
public sealed record C4QualityOptions
{
    /// <summary>Removes Wikipedia-style citation marks (<c>[12]</c>, <c>[edit]</c>, <c>[citation needed]</c>) from lines. Default true.</summary>
    public bool RemoveCitations { get; init; } = true;

    /// <summary>Drops lines that do not end in <c>. ? ! " '</c>, or end in an ellipsis. Default true.</summary>
    public bool RequireTerminalPunctuation { get; init; } = true;

    /// <summary>A page needs at least this many sentences in its kept lines; 0 turns it off. Default 5.</summary>
    public int MinSentences { get; init; } = 5;

    /// <summary>Drops lines with fewer whitespace words; 0 turns it off. Default 3.</summary>
    public int MinWordsPerLine { get; init; } = 3;

    /// <summary>Drops lines with a word longer than this; 0 turns it off. Default 1000.</summary>
    public int MaxWordLength { get; init; } = 1000;

    /// <summary>Drops the page when a kept line says "lorem ipsum". Default true.</summary>
    public bool RejectLoremIpsum { get; init; } = true;

    /// <summary>Drops lines that mention "javascript". Default true.</summary>
    public bool DropJavascriptLines { get; init; } = true;

    /// <summary>Drops the page when a kept line holds a curly bracket. Default true.</summary>
    public bool RejectCurlyBrackets { get; init; } = true;

    /// <summary>Drops lines about terms of use, privacy or cookie policies. Default true.</summary>
    public bool DropPolicyLines { get; init; } = true;
}
