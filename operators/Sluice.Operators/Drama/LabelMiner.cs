namespace Sluice.Operators.Drama;

/// <summary>Positive and hard-negative mining from ranked candidates. Pure and deterministic.</summary>
public static class LabelMiner
{
    /// <summary>
    /// Labels one query: positives are the candidates whose rank is in <see cref="LabelMiningOptions.PositiveRanks"/>,
    /// hard negatives every candidate of <see cref="LabelMiningOptions.NegativeRanks"/>, or a seeded draw of
    /// <see cref="LabelMiningOptions.NegativesPerQuery"/> from them when set (all of them when fewer), in rank order. A passage with the
    /// same id as a positive is never a negative.
    /// </summary>
    /// <returns>The example, or null with <paramref name="reason"/> when the query has no positive.</returns>
    public static MinedExample? Mine(RetrievedQuery retrieved, LabelMiningOptions options, out string? reason)
    {
        var positives = retrieved.Candidates.Where(c => options.PositiveRanks.Contains(c.Rank)).OrderBy(c => c.Rank).ToList();
        if (positives.Count == 0)
        {
            reason = $"no candidate at ranks {options.PositiveRanks} ({retrieved.Candidates.Count} retrieved)";
            return null;
        }
        if (options.RequireSourceInPositives && positives.All(p => p.PassageId != retrieved.Query.SourcePassageId))
        {
            reason = $"source passage not at ranks {options.PositiveRanks}";
            return null;
        }
        if (options.PositivesPerQuery is { } keep && positives.Count > keep) positives = positives.Take(keep).ToList();
        var positiveIds = positives.Select(p => p.PassageId).ToHashSet(StringComparer.Ordinal);
        var pool = retrieved.Candidates.Where(c => options.NegativeRanks.Contains(c.Rank) && !positiveIds.Contains(c.PassageId))
            .DistinctBy(c => c.PassageId).OrderBy(c => c.Rank).ToArray();
        var negatives = options.NegativesPerQuery is not { } draw || pool.Length <= draw
            ? pool
            : pool.OrderBy(c => StableHash.Of(options.Seed, retrieved.Query.QueryId + "\u0002" + c.PassageId)).Take(draw).OrderBy(c => c.Rank).ToArray();
        reason = null;
        return new MinedExample(retrieved.Query, positives, negatives, retrieved.Reranked);
    }
}
