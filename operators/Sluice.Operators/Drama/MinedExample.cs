namespace Sluice.Operators.Drama;

/// <summary>A query with its mined labels.</summary>
/// <param name="Query">The query.</param>
/// <param name="Positives">Positive passages, best first; never empty.</param>
/// <param name="HardNegatives">Hard negatives in rank order.</param>
/// <param name="Reranked">True when the labels come from the LLM reranker's order.</param>
public sealed record MinedExample(PseudoQuery Query, IReadOnlyList<Candidate> Positives, IReadOnlyList<Candidate> HardNegatives, bool Reranked = false);
