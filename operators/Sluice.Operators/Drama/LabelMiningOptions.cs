namespace Sluice.Operators.Drama;

/// <summary>Which retrieved ranks become positives and hard negatives (DRAMA defaults).</summary>
public sealed record LabelMiningOptions
{
    /// <summary>Ranks taken as positives. Default 1–10 (DRAMA); after LLM reranking use <see cref="Reranked"/>.</summary>
    public RankRange PositiveRanks { get; init; } = new(1, 10);

    /// <summary>Ranks hard negatives are drawn from. Default 30–50 (DRAMA); DRAGON uses 46–50.</summary>
    public RankRange NegativeRanks { get; init; } = new(30, 50);

    /// <summary>Positives kept per query, best first; null keeps every one in range. Default null.</summary>
    public int? PositivesPerQuery { get; init; }

    /// <summary>
    /// Hard negatives per query, drawn at random (seeded by the query id) from the range; null keeps the whole range.
    /// Default null: the output holds every candidate of the window with its score, and the trainer samples (the paper
    /// samples 7 per step, 3 for its 1B model), as the reference leaves sampling to training.
    /// </summary>
    public int? NegativesPerQuery { get; init; }

    /// <summary>Seed of the negative draw. Default 13.</summary>
    public int Seed { get; init; } = 13;

    /// <summary>
    /// Drop a query unless its source passage is among the positive ranks (a round-trip consistency check). Default
    /// false: any candidate in the positive range is a positive.
    /// </summary>
    public bool RequireSourceInPositives { get; init; }

    /// <summary>Labels after listwise LLM reranking of the top 20: positive = rank 1, hard negatives = ranks 10–20.</summary>
    public static LabelMiningOptions Reranked { get; } = new() { PositiveRanks = new(1, 1), NegativeRanks = new(10, 20) };

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A range or count is out of range.</exception>
    public void Validate()
    {
        PositiveRanks.Validate(nameof(PositiveRanks));
        NegativeRanks.Validate(nameof(NegativeRanks));
        if (PositivesPerQuery is < 1) throw new ArgumentOutOfRangeException(nameof(PositivesPerQuery), PositivesPerQuery, "must be at least 1");
        if (NegativesPerQuery is < 0) throw new ArgumentOutOfRangeException(nameof(NegativesPerQuery), NegativesPerQuery, "must not be negative");
    }
}
