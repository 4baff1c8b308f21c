namespace Sluice.Operators.Drama;

/// <summary>One dpr-scale training line: <c>{"question", "positive_ctxs", "hard_negative_ctxs"}</c> (plus provenance).</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="Question">The query text.</param>
/// <param name="PositiveCtxs">Positive passages, best first.</param>
/// <param name="HardNegativeCtxs">Hard negatives.</param>
/// <param name="Origin"><c>crop</c> or <c>qgen</c>.</param>
/// <param name="Corpus">The source corpus, or null.</param>
/// <param name="Reranked">Whether the ranks come from an LLM rerank (labels then follow <see cref="LabelMiningOptions.Reranked"/>).</param>
public sealed record DprExample(string QueryId, string Question, IReadOnlyList<DprContext> PositiveCtxs, IReadOnlyList<DprContext> HardNegativeCtxs,
    string Origin, string? Corpus, bool Reranked)
{
    /// <summary>The line for a mined example.</summary>
    public static DprExample From(MinedExample e) =>
        new(e.Query.QueryId, e.Query.Text, e.Positives.Select(Ctx).ToArray(), e.HardNegatives.Select(Ctx).ToArray(), e.Query.Origin, e.Query.Corpus, e.Reranked);

    private static DprContext Ctx(Candidate c) => new(c.PassageId, "", c.Text, c.Score, c.Rank);
}
