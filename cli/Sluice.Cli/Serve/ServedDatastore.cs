using Sluice.Operators.Search;

namespace Sluice.Cli.Serve;

/// <summary>
/// One datastore a server answers for: its passages in memory (with texts, since answers carry them) and the rules
/// that turn a query's ranked rows into an answer (score threshold, per-document cap).
/// </summary>
internal sealed class ServedDatastore(string name, PassageIndex index)
{
    /// <summary>The name requests use in <c>datastore</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The loaded passages.</summary>
    public PassageIndex Index { get; } = index;

    /// <summary>
    /// Top <paramref name="k"/> passages per query vector, dropping those scoring under <paramref name="minScore"/> and
    /// keeping at most <paramref name="maxPerDoc"/> per document. The cap is exact: when capping leaves fewer than
    /// <paramref name="k"/>, the search is repeated deeper (×4 each time) until <paramref name="k"/> remain or every
    /// passage has been ranked, so an answer never misses a passage that the capped ranking would hold.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SearchHit>> Search(float[] queries, int k, float? minScore, int? maxPerDoc, CancellationToken ct)
    {
        int queryCount = queries.Length / Index.Dimension;
        var answers = new IReadOnlyList<SearchHit>[queryCount];
        var depth = Math.Min(Index.Count, maxPerDoc is null ? k : k * 2);
        var pending = Enumerable.Range(0, queryCount).ToList();
        while (pending.Count > 0 && depth > 0)
        {
            var matrix = new float[pending.Count * Index.Dimension];
            for (int i = 0; i < pending.Count; i++)
                queries.AsSpan(pending[i] * Index.Dimension, Index.Dimension).CopyTo(matrix.AsSpan(i * Index.Dimension));
            var ranked = Index.Search(matrix, depth, ct: ct);
            var next = new List<int>();
            for (int i = 0; i < pending.Count; i++)
            {
                var (kept, exhausted) = Keep(ranked[i], k, minScore, maxPerDoc);
                if (kept.Count < k && !exhausted && depth < Index.Count) next.Add(pending[i]);
                else answers[pending[i]] = kept;
            }
            pending = next;
            depth = (int)Math.Min(Index.Count, depth * 4L);
        }
        return answers.Select(a => a ?? []).ToArray();
    }

    // Walks hits best first; "exhausted" when a hit falls under the threshold, since every deeper one scores lower.
    private static (List<SearchHit> Kept, bool Exhausted) Keep(IReadOnlyList<SearchHit> ranked, int k, float? minScore, int? maxPerDoc)
    {
        var kept = new List<SearchHit>(Math.Min(k, ranked.Count));
        var perDoc = maxPerDoc is null ? null : new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in ranked)
        {
            if (kept.Count == k) break;
            if (hit.Score < minScore) return (kept, true);
            if (perDoc is not null)
            {
                var seen = perDoc.GetValueOrDefault(hit.DocId);
                if (seen >= maxPerDoc) continue;
                perDoc[hit.DocId] = seen + 1;
            }
            kept.Add(hit);
        }
        return (kept, false);
    }
}
