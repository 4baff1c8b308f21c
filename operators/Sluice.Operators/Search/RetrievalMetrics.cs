using System.Globalization;

namespace Sluice.Operators.Search;

/// <summary>
/// Rank metrics over queries that each have one relevant item (a claim and the document that answers it):
/// Recall@k, the share of queries whose relevant item is in the top k, and MRR, the mean of 1 / rank (0 when it was
/// not retrieved). A query's rank is that of its first relevant hit, so a document found through several passages
/// counts once, at its best passage. Not thread-safe.
/// </summary>
public sealed class RetrievalMetrics
{
    private readonly List<int> _ranks = [];

    /// <summary>Queries recorded.</summary>
    public int Queries => _ranks.Count;

    /// <summary>The recorded 1-based ranks, in order; 0 where nothing relevant was retrieved.</summary>
    public IReadOnlyList<int> Ranks => _ranks;

    /// <summary>Mean reciprocal rank over every recorded query (0 when none were recorded).</summary>
    public double MeanReciprocalRank => _ranks.Count == 0 ? 0 : _ranks.Sum(r => r > 0 ? 1.0 / r : 0) / _ranks.Count;

    /// <summary>Records one query by the 1-based rank of its first relevant hit; 0 means none was retrieved.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstRelevantRank"/> is negative.</exception>
    public void Add(int firstRelevantRank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRelevantRank);
        _ranks.Add(firstRelevantRank);
    }

    /// <summary>Records one query from its ranked hits (best first) and a test for relevance.</summary>
    public void Add<T>(IReadOnlyList<T> ranked, Func<T, bool> isRelevant) => Add(FirstRelevantRank(ranked, isRelevant));

    /// <summary>The 1-based rank of the first hit that <paramref name="isRelevant"/> accepts, or 0 when none does.</summary>
    public static int FirstRelevantRank<T>(IReadOnlyList<T> ranked, Func<T, bool> isRelevant)
    {
        for (int i = 0; i < ranked.Count; i++)
            if (isRelevant(ranked[i])) return i + 1;
        return 0;
    }

    /// <summary>Share of queries whose relevant item ranked in the top <paramref name="k"/> (0 when none were recorded).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public double RecallAt(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return _ranks.Count == 0 ? 0 : (double)_ranks.Count(r => r > 0 && r <= k) / _ranks.Count;
    }

    /// <summary>One line: query count, Recall@1/5/10 and MRR.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Queries} queries: Recall@1 {RecallAt(1):F4}, Recall@5 {RecallAt(5):F4}, Recall@10 {RecallAt(10):F4}, MRR {MeanReciprocalRank:F4}");
}
