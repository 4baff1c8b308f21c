namespace Sluice.Operators.Drama;

/// <summary>A passage retrieved for a query.</summary>
/// <param name="PassageId">Passage id.</param>
/// <param name="Text">Passage text (empty when the retriever has none).</param>
/// <param name="Score">Retrieval score (higher is better).</param>
/// <param name="Rank">1-based rank in the list it came from.</param>
public sealed record Candidate(string PassageId, string Text, float Score, int Rank);
