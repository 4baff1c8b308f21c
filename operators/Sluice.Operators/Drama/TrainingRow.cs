namespace Sluice.Operators.Drama;

/// <summary>A training example as a flat Parquet/Arrow row (lists of ids and texts instead of nested objects).</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="Question">The query text.</param>
/// <param name="Origin"><c>crop</c> or <c>qgen</c>.</param>
/// <param name="Corpus">The source corpus (empty when unknown).</param>
/// <param name="Reranked">Labels from the LLM reranker.</param>
/// <param name="PositiveIds">Positive passage ids, best first.</param>
/// <param name="PositiveTexts">Their texts.</param>
/// <param name="NegativeIds">Hard negative ids.</param>
/// <param name="NegativeTexts">Their texts.</param>
public sealed record TrainingRow(string QueryId, string Question, string Origin, string Corpus, bool Reranked,
    string[] PositiveIds, string[] PositiveTexts, string[] NegativeIds, string[] NegativeTexts)
{
    /// <summary>The row for a mined example.</summary>
    public static TrainingRow From(MinedExample e) =>
        new(e.Query.QueryId, e.Query.Text, e.Query.Origin, e.Query.Corpus ?? "", e.Reranked,
            e.Positives.Select(p => p.PassageId).ToArray(), e.Positives.Select(p => p.Text).ToArray(),
            e.HardNegatives.Select(p => p.PassageId).ToArray(), e.HardNegatives.Select(p => p.Text).ToArray());
}
