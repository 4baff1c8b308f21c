using Sluice.Storage.Rows;

namespace Sluice.Operators.Text.Quality;

/// <summary>What FineWeb's rules measure on one text (<see cref="FineWebQualityFilter.Measure"/>).</summary>
/// <param name="LinePunctuation">Share of lines ending in <c>. ' " ! ?</c>.</param>
/// <param name="ShortLines">Share of lines no longer than the options' short-line length.</param>
/// <param name="CharDuplicates">Share of characters (newlines not counted) in repeated non-empty lines; null for a text of newlines only.</param>
/// <param name="Words">Words (the list rule divides newlines by them).</param>
/// <param name="NewLines">Newlines.</param>
public sealed record FineWebQualityMeasures(double LinePunctuation, double ShortLines, double? CharDuplicates, int Words, int NewLines)
{
    /// <summary>Newlines per word; null without words (then any newline makes the text a list).</summary>
    public double? NewLinesPerWord => Words > 0 ? (double)NewLines / Words : null;

    /// <summary>The measures as a row, ratios named as DataTrove names the rules (<c>list_ratio</c> is derived, for queries).</summary>
    public Row ToRow() => Row.Of(("line_punct_ratio", LinePunctuation), ("short_line_ratio", ShortLines),
        ("char_dup_ratio", CharDuplicates), ("words", (long)Words), ("newlines", (long)NewLines), ("list_ratio", NewLinesPerWord));

    /// <summary>The measures a <see cref="ToRow"/> row holds.</summary>
    /// <exception cref="KeyNotFoundException">A column is missing: the row was not written by the annotator.</exception>
    public static FineWebQualityMeasures FromRow(Row row) => new(row.Get<double>("line_punct_ratio"),
        row.Get<double>("short_line_ratio"), row.Get<double?>("char_dup_ratio"), row.Get<int>("words"), row.Get<int>("newlines"));
}
