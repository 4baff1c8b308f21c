using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;

namespace Sluice.Cli.Serve;

/// <summary>
/// One datastore a server answers for: its passages in memory (with texts, since answers carry them), its BM25 index
/// when one lies beside it, and the rules that turn a query's ranked rows into an answer (score threshold,
/// per-document cap).
/// </summary>
internal sealed class ServedDatastore(string name, PassageIndex index, Bm25Index? bm25 = null) : IDisposable
{
    /// <summary>The name requests use in <c>datastore</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The loaded passages.</summary>
    public PassageIndex Index { get; } = index;

    /// <summary>The BM25 index beside the datastore, or null (then only dense search is offered).</summary>
    public Bm25Index? Bm25 { get; } = bm25;

    /// <summary>How hybrid mode fuses the two sides (NEST's rule, 4,000 candidates a side).</summary>
    public HybridOptions Hybrid { get; } = new();

    /// <summary>
    /// Top <paramref name="k"/> passages per query in <paramref name="mode"/> (<c>dense</c> ranks
    /// <paramref name="queries"/>, the embedded texts; <c>bm25</c> ranks <paramref name="texts"/>; <c>hybrid</c> fuses both), dropping those scoring under <paramref name="minScore"/> and
    /// keeping at most <paramref name="maxPerDoc"/> per document. The cap is exact: when capping leaves fewer than
    /// <paramref name="k"/>, the search is repeated deeper (×4 each time) until <paramref name="k"/> remain or every
    /// passage has been ranked, so an answer never misses a passage that the capped ranking would hold.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SearchHit>> Search(string mode, IReadOnlyList<string> texts, float[] queries, int k, float? minScore,
        int? maxPerDoc, CancellationToken ct)
    {
        int queryCount = texts.Count;
        var answers = new IReadOnlyList<SearchHit>[queryCount];
        var depth = Math.Min(Index.Count, maxPerDoc is null ? k : k * 2);
        var pending = Enumerable.Range(0, queryCount).ToList();
        while (pending.Count > 0 && depth > 0)
        {
            var ranked = Rank(mode, pending.Select(q => texts[q]).ToArray(), Rows(queries, pending), depth, ct);
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

    /// <summary>Releases the BM25 index's files.</summary>
    public void Dispose() => Bm25?.Dispose();

    private IReadOnlyList<IReadOnlyList<SearchHit>> Rank(string mode, string[] texts, float[] vectors, int depth, CancellationToken ct)
    {
        if (mode == "dense") return Index.Search(vectors, depth, ct: ct);
        if (Bm25 is null) throw new InvalidOperationException($"datastore '{Name}' has no BM25 index");
        if (mode == "bm25") return Index.ToHits(Bm25.Search(texts, depth, ct));
        var candidates = Math.Max(depth, Hybrid.Depth);
        var dense = InnerProductSearch.Search(Index.Vectors, Index.Dimension, vectors, candidates, ct: ct);
        return Index.ToHits(HybridFusion.Fuse(dense, Bm25.Search(texts, candidates, ct), depth, Hybrid));
    }

    private float[] Rows(float[] queries, List<int> which)
    {
        if (queries.Length == 0) return queries;
        var matrix = new float[which.Count * Index.Dimension];
        for (int i = 0; i < which.Count; i++)
            queries.AsSpan(which[i] * Index.Dimension, Index.Dimension).CopyTo(matrix.AsSpan(i * Index.Dimension));
        return matrix;
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
