namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Gopher's quality rules (Rae et al. 2021, appendix A.1.1), with DataTrove's defaults
/// (huggingface/datatrove <c>pipeline/filters/gopher_quality_filter.py</c>, commit 06c98b0f28c76f36c88692c457f1e3da7b519a61).
/// A null threshold turns its rule off.
/// </summary>
public sealed record GopherQualityOptions
{
    /// <summary>Fewest words (punctuation tokens not counted). Default 50.</summary>
    public int? MinWords { get; init; } = 50;

    /// <summary>Most words. Default 100,000.</summary>
    public int? MaxWords { get; init; } = 100_000;

    /// <summary>Lowest mean word length in characters. Default 3.</summary>
    public double? MinMeanWordLength { get; init; } = 3;

    /// <summary>Highest mean word length in characters. Default 10.</summary>
    public double? MaxMeanWordLength { get; init; } = 10;

    /// <summary>Highest ratio of <c>#</c> to words, and of ellipses (<c>...</c>, <c>…</c>) to words. Default 0.1.</summary>
    public double? MaxSymbolWordRatio { get; init; } = 0.1;

    /// <summary>Highest share of lines starting with a bullet (<c>•</c>). Default 0.9.</summary>
    public double? MaxBulletLinesRatio { get; init; } = 0.9;

    /// <summary>Highest share of lines ending with an ellipsis. Default 0.3.</summary>
    public double? MaxEllipsisLinesRatio { get; init; } = 0.3;

    /// <summary>Lowest share of words holding a letter (the rule's name in DataTrove says "non alpha"; it is this). Default 0.8.</summary>
    public double? MinAlphaWordsRatio { get; init; } = 0.8;

    /// <summary>Fewest stop words (<see cref="StopWords"/>, matched case-sensitively as DataTrove does). Default 2.</summary>
    public int? MinStopWords { get; init; } = 2;

    /// <summary>The stop words. Default Gopher's: the, be, to, of, and, that, have, with.</summary>
    public IReadOnlySet<string> StopWords { get; init; } = new HashSet<string>(["the", "be", "to", "of", "and", "that", "have", "with"], StringComparer.Ordinal);
}
