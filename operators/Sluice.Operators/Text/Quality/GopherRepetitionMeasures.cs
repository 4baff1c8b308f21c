using Sluice.Storage.Rows;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// What Gopher's repetition rules measure on one text (<see cref="GopherRepetitionFilter.Measure"/>): shares of
/// paragraphs, lines and characters that repeat, and per n the n-gram character shares. An n the text has too few words
/// for is absent (its rule cannot fire), as is every share of an empty text.
/// </summary>
/// <param name="DuplicateParagraphs">Share of paragraphs repeating an earlier one.</param>
/// <param name="DuplicateParagraphChars">Share of characters in repeated paragraphs.</param>
/// <param name="DuplicateLines">Share of lines repeating an earlier one.</param>
/// <param name="DuplicateLineChars">Share of characters in repeated lines.</param>
/// <param name="TopNGrams">Per n: share of characters in the most frequent n-gram times its count.</param>
/// <param name="DuplicateNGrams">Per n: share of characters in repeated n-grams.</param>
public sealed record GopherRepetitionMeasures(
    double DuplicateParagraphs,
    double DuplicateParagraphChars,
    double DuplicateLines,
    double DuplicateLineChars,
    IReadOnlyDictionary<int, double> TopNGrams,
    IReadOnlyDictionary<int, double> DuplicateNGrams)
{
    /// <summary>The measures as a row: <c>dup_para_frac</c>, <c>dup_para_char_frac</c>, <c>dup_line_frac</c>,
    /// <c>dup_line_char_frac</c>, <c>top_N_gram</c> and <c>duplicated_N_n_grams</c> (DataTrove's rule names).</summary>
    public Row ToRow()
    {
        var columns = new List<(string, object?)>
        {
            ("dup_para_frac", DuplicateParagraphs), ("dup_para_char_frac", DuplicateParagraphChars),
            ("dup_line_frac", DuplicateLines), ("dup_line_char_frac", DuplicateLineChars),
        };
        columns.AddRange(TopNGrams.OrderBy(p => p.Key).Select(p => ($"top_{p.Key}_gram", (object?)p.Value)));
        columns.AddRange(DuplicateNGrams.OrderBy(p => p.Key).Select(p => ($"duplicated_{p.Key}_n_grams", (object?)p.Value)));
        return Row.Of([.. columns]);
    }

    /// <summary>The measures a <see cref="ToRow"/> row holds; n-gram columns it lacks are absent here too.</summary>
    /// <exception cref="KeyNotFoundException">A line or paragraph column is missing: the row was not written by the annotator.</exception>
    public static GopherRepetitionMeasures FromRow(Row row)
    {
        Dictionary<int, double> Grams(string prefix, string suffix) => row.Schema.Names
            .Where(c => c.StartsWith(prefix, StringComparison.Ordinal) && c.EndsWith(suffix, StringComparison.Ordinal))
            .Select(c => (Column: c, Digits: c[prefix.Length..^suffix.Length]))
            .Where(c => int.TryParse(c.Digits, out _) && row[c.Column] is not null)
            .ToDictionary(c => int.Parse(c.Digits), c => row.Get<double>(c.Column));
        return new(row.Get<double>("dup_para_frac"), row.Get<double>("dup_para_char_frac"), row.Get<double>("dup_line_frac"),
            row.Get<double>("dup_line_char_frac"), Grams("top_", "_gram"), Grams("duplicated_", "_n_grams"));
    }
}
