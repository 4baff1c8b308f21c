namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Gopher's repetition rules (Rae et al. 2021, table A1), with DataTrove's defaults (huggingface/datatrove
/// <c>pipeline/filters/gopher_repetition_filter.py</c>, commit 06c98b0f28c76f36c88692c457f1e3da7b519a61). A null
/// threshold turns its rule off.
/// </summary>
public sealed record GopherRepetitionOptions
{
    /// <summary>Highest share of lines that repeat an earlier line. Default 0.3.</summary>
    public double? DuplicateLineFraction { get; init; } = 0.3;

    /// <summary>Highest share of paragraphs (split on 2+ newlines) that repeat an earlier one. Default 0.3.</summary>
    public double? DuplicateParagraphFraction { get; init; } = 0.3;

    /// <summary>Highest share of characters in repeated lines. Default 0.2.</summary>
    public double? DuplicateLineCharFraction { get; init; } = 0.2;

    /// <summary>Highest share of characters in repeated paragraphs. Default 0.2.</summary>
    public double? DuplicateParagraphCharFraction { get; init; } = 0.2;

    /// <summary>For n = 2, 3, 4: highest share of characters in the most frequent n-gram (times its count). Default 0.20, 0.18, 0.16.</summary>
    public IReadOnlyList<(int N, double Fraction)> TopNGrams { get; init; } = [(2, 0.20), (3, 0.18), (4, 0.16)];

    /// <summary>For n = 5 … 10: highest share of characters in repeated n-grams. Default 0.15, 0.14, 0.13, 0.12, 0.11, 0.10.</summary>
    public IReadOnlyList<(int N, double Fraction)> DuplicateNGrams { get; init; } = [(5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)];
}
