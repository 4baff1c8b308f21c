namespace Sluice.Operators.Drama;

/// <summary>One dpr-scale training line: <c>{"question", "positive_ctxs", "hard_negative_ctxs"}</c> (plus provenance).</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="Question">The query text.</param>
/// <param name="PositiveCtxs">Positive passages, best first.</param>
/// <param name="HardNegativeCtxs">Hard negatives.</param>
/// <param name="Origin"><c>crop</c> or <c>qgen</c>.</param>
/// <param name="Corpus">The source corpus, or null.</param>
public sealed record DprExample(string QueryId, string Question, IReadOnlyList<DprContext> PositiveCtxs, IReadOnlyList<DprContext> HardNegativeCtxs,
    string Origin, string? Corpus)
{
    /// <summary>The line for a mined example.</summary>
    public static DprExample From(MinedExample e) =>
        new(e.Query.QueryId, e.Query.Text, e.Positives.Select(Ctx).ToArray(), e.HardNegatives.Select(Ctx).ToArray(), e.Query.Origin, e.Query.Corpus);

    private static DprContext Ctx(Candidate c) => new(c.PassageId, "", c.Text);
}
