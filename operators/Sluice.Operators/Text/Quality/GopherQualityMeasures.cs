using Sluice.Storage.Rows;

namespace Sluice.Operators.Text.Quality;

/// <summary>
/// What Gopher's quality rules measure on one text (<see cref="GopherQualityFilter.Measure"/>), kept so thresholds can
/// change without reading the text again: an annotator writes them as a struct column, a later filter decides.
/// </summary>
/// <param name="Words">Words, punctuation tokens not counted.</param>
/// <param name="MeanWordLength">Mean word length in characters; 0 without words.</param>
/// <param name="HashesPerWord"><c>#</c> characters per word; 0 without words.</param>
/// <param name="EllipsesPerWord">Ellipses (<c>...</c>, <c>…</c>) per word; 0 without words.</param>
/// <param name="BulletLines">Share of lines starting with a bullet.</param>
/// <param name="EndEllipsisLines">Share of lines ending with an ellipsis.</param>
/// <param name="AlphaWords">Tokens holding a letter per word; 0 without words.</param>
/// <param name="StopWords">Stop words found (the options' list, case-sensitive).</param>
public sealed record GopherQualityMeasures(
    int Words,
    double MeanWordLength,
    double HashesPerWord,
    double EllipsesPerWord,
    double BulletLines,
    double EndEllipsisLines,
    double AlphaWords,
    int StopWords)
{
    /// <summary>The measures as a row; its column names are DataTrove's rule stems, so a query can name them.</summary>
    public Row ToRow() => Row.Of(
        ("words", (long)Words), ("mean_word_length", MeanWordLength), ("hashes_per_word", HashesPerWord),
        ("ellipses_per_word", EllipsesPerWord), ("bullet_lines", BulletLines), ("end_ellipsis_lines", EndEllipsisLines),
        ("alpha_words", AlphaWords), ("stop_words", (long)StopWords));

    /// <summary>The measures a <see cref="ToRow"/> row holds (read back from any format).</summary>
    /// <exception cref="KeyNotFoundException">A column is missing: the row was not written by the annotator.</exception>
    public static GopherQualityMeasures FromRow(Row row) => new(
        row.Get<int>("words"), row.Get<double>("mean_word_length"), row.Get<double>("hashes_per_word"),
        row.Get<double>("ellipses_per_word"), row.Get<double>("bullet_lines"), row.Get<double>("end_ellipsis_lines"),
        row.Get<double>("alpha_words"), row.Get<int>("stop_words"));
}
