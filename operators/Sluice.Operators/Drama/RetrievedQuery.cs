namespace Sluice.Operators.Drama;

/// <summary>A query with its ranked candidates, best first.</summary>
/// <param name="Query">The query.</param>
/// <param name="Candidates">Candidates in rank order (rank 1 first).</param>
/// <param name="Reranked">True when the order comes from the LLM reranker.</param>
public sealed record RetrievedQuery(PseudoQuery Query, IReadOnlyList<Candidate> Candidates, bool Reranked = false);
