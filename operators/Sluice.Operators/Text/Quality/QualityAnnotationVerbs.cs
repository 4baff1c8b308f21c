using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// Annotate, then filter (as Dolma does): an annotator writes what a rule family measures as one struct column of each
/// row, the annotated rows are written once, and a later run decides with any thresholds by reading that column — no
/// text is measured again. The decision and its reject reason are exactly those of the direct filter
/// (<see cref="QualityVerbs"/>) with the same options.
/// </summary>
public static class QualityAnnotationVerbs
{
    /// <summary>Writes <see cref="GopherQualityMeasures"/> of <paramref name="textColumn"/> to <paramref name="column"/>.</summary>
    [Verb(OperatorRole.Transform, Rule = "Gopher quality measures (Rae et al. 2021), DataTrove's definitions")]
    public static Flow<Row> AnnotateGopherQuality(this Flow<Row> flow, string textColumn = "text", GopherQualityOptions? options = null,
        string column = "gopher_quality", string? name = null)
    {
        var o = options ?? new GopherQualityOptions();
        return flow.Map(r => r.With(column, GopherQualityFilter.Measure(Text(r, textColumn), o).ToRow()), name ?? "annotate-gopher-quality");
    }

    /// <summary>Writes <see cref="GopherRepetitionMeasures"/> of <paramref name="textColumn"/> to <paramref name="column"/>
    /// (n-gram shares for the n of <paramref name="options"/>).</summary>
    [Verb(OperatorRole.Transform, Rule = "Gopher repetition measures (Rae et al. 2021, table A1)")]
    public static Flow<Row> AnnotateGopherRepetition(this Flow<Row> flow, string textColumn = "text", GopherRepetitionOptions? options = null,
        string column = "gopher_repetition", string? name = null)
    {
        var o = options ?? new GopherRepetitionOptions();
        return flow.Map(r => r.With(column, GopherRepetitionFilter.Measure(Text(r, textColumn), o).ToRow()), name ?? "annotate-gopher-repetition");
    }

    /// <summary>Writes <see cref="FineWebQualityMeasures"/> of <paramref name="textColumn"/> to <paramref name="column"/>.</summary>
    [Verb(OperatorRole.Transform, Rule = "FineWeb quality measures (Penedo et al. 2024)")]
    public static Flow<Row> AnnotateFineWebQuality(this Flow<Row> flow, string textColumn = "text", FineWebQualityOptions? options = null,
        string column = "fineweb_quality", string? name = null)
    {
        var o = options ?? new FineWebQualityOptions();
        return flow.Map(r => r.With(column, FineWebQualityFilter.Measure(Text(r, textColumn), o).ToRow()), name ?? "annotate-fineweb-quality");
    }

    /// <summary>Gopher's quality rules decided from <paramref name="column"/>; a row without it is rejected as not annotated.</summary>
    [Verb(OperatorRole.Filter, Rule = "Gopher quality rules on stored measures")]
    public static Flow<Row> FilterByGopherQuality(this Flow<Row> flow, GopherQualityOptions? options = null,
        string column = "gopher_quality", string? name = null)
    {
        var o = options ?? new GopherQualityOptions();
        return flow.Filter(r => Measures(r, column, "AnnotateGopherQuality", GopherQualityMeasures.FromRow, m => GopherQualityFilter.Decide(m, o)),
            name ?? "filter-gopher-quality");
    }

    /// <summary>Gopher's repetition rules decided from <paramref name="column"/>; a rule whose n the annotation lacks
    /// does not fire (the annotator measured only its options' n, and too short a text has none).</summary>
    [Verb(OperatorRole.Filter, Rule = "Gopher repetition rules on stored measures")]
    public static Flow<Row> FilterByGopherRepetition(this Flow<Row> flow, GopherRepetitionOptions? options = null,
        string column = "gopher_repetition", string? name = null)
    {
        var o = options ?? new GopherRepetitionOptions();
        return flow.Filter(r => Measures(r, column, "AnnotateGopherRepetition", GopherRepetitionMeasures.FromRow, m => GopherRepetitionFilter.Decide(m, o)),
            name ?? "filter-gopher-repetition");
    }

    /// <summary>FineWeb's rules decided from <paramref name="column"/>. The short-line share was measured with the
    /// annotator's <see cref="FineWebQualityOptions.ShortLineLength"/>; changing that length needs a new annotation.</summary>
    [Verb(OperatorRole.Filter, Rule = "FineWeb quality rules on stored measures")]
    public static Flow<Row> FilterByFineWebQuality(this Flow<Row> flow, FineWebQualityOptions? options = null,
        string column = "fineweb_quality", string? name = null)
    {
        var o = options ?? new FineWebQualityOptions();
        return flow.Filter(r => Measures(r, column, "AnnotateFineWebQuality", FineWebQualityMeasures.FromRow, m => FineWebQualityFilter.Decide(m, o)),
            name ?? "filter-fineweb-quality");
    }

    // A missing, null or non-string text measures as "": the row stays, and a filter rejects it for having no words.
    private static string Text(Row row, string column) => row.TryGetValue(column, out var value) && value is string text ? text : "";

    private static string? Measures<TMeasures>(Row row, string column, string annotator, Func<Row, TMeasures> read, Func<TMeasures, string?> decide)
    {
        if (!row.TryGetValue(column, out var value) || value is not Row annotation) return $"{column}: not annotated (run {annotator} first)";
        TMeasures measures;
        try { measures = read(annotation); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or FormatException or OverflowException)
        {
            return $"{column}: not an {annotator} annotation ({e.Message})";
        }
        return decide(measures);
    }
}
