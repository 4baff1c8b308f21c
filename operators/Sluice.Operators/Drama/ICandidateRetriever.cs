namespace Sluice.Operators.Drama;

/// <summary>Finds the best passages for a batch of query texts (an index over a Sluice datastore, a search service…).</summary>
public interface ICandidateRetriever
{
    /// <summary>The top <paramref name="k"/> candidates of each query, best first, ranks from 1.</summary>
    Task<IReadOnlyList<IReadOnlyList<Candidate>>> RetrieveAsync(IReadOnlyList<string> queries, int k, CancellationToken ct = default);
}
