namespace Sluice.Operators.Drama;

/// <summary>A passage in a dpr-scale training line.</summary>
/// <param name="PassageId">Passage id (JSON <c>passage_id</c>).</param>
/// <param name="Title">Title (empty when unknown).</param>
/// <param name="Text">Passage text.</param>
/// <param name="Score">The retriever's score (dpr-scale's <c>score</c>), so a trainer can filter or sample by it.</param>
/// <param name="Rank">The candidate's rank, after reranking when the example was reranked.</param>
public sealed record DprContext(string PassageId, string Title, string Text, float Score, int Rank);
