namespace Sluice.Operators.Text.Quality;

/// <summary>
/// FineWeb's three custom rules (Penedo et al. 2024), with DataTrove's defaults (huggingface/datatrove
/// <c>pipeline/filters/fineweb_quality_filter.py</c>, commit 05194d3960741e7d5c0bd0d6dd69d44514622549).
/// </summary>
public sealed record FineWebQualityOptions
{
    /// <summary>A document passes only when more than this share of its lines end in <c>. ' " ! ?</c>. Default 0.12.</summary>
    public double LinePunctuationThreshold { get; init; } = 0.12;

    /// <summary>Whether a document with no line ending in punctuation escapes the rule above. Default false.</summary>
    public bool LinePunctuationExcludeZero { get; init; }

    /// <summary>A document fails when at least this share of its lines are short. Default 0.67.</summary>
    public double ShortLineThreshold { get; init; } = 0.67;

    /// <summary>A line of at most this many characters is short. Default 30.</summary>
    public int ShortLineLength { get; init; } = 30;

    /// <summary>A document fails when repeated non-empty lines hold at least this share of its characters (newlines not counted). Default 0.01.</summary>
    public double CharDuplicatesRatio { get; init; } = 0.01;

    /// <summary>A document fails when it has more than this many newlines per word (a list). Default 0.3.</summary>
    public double NewLineRatio { get; init; } = 0.3;
}
