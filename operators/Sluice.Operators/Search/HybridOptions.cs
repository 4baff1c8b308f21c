namespace Sluice.Operators.Search;

/// <summary>How <see cref="HybridFusion"/> combines a dense and a BM25 candidate list.</summary>
public sealed record HybridOptions
{
    /// <summary>The combination rule; default <see cref="HybridRule.Nest"/>.</summary>
    public HybridRule Rule { get; init; } = HybridRule.Nest;

    /// <summary>Candidates taken from each side per query. Default 4,000, NEST's <c>sub_n</c>.</summary>
    public int Depth { get; init; } = 4000;

    /// <summary>NEST's fusion coefficient c (its <c>fusion_coef</c>); default 0.3. See <see cref="HybridFusion.NestWeight"/>.</summary>
    public float Coefficient { get; init; } = 0.3f;

    /// <summary>The 0-based place whose score NEST compares with the top score to judge how peaked a side is; default
    /// 100 (the 101st candidate). Clamped to <see cref="Depth"/> − 1.</summary>
    public int ReferenceRank { get; init; } = 100;

    /// <summary>Reciprocal-rank fusion's k: a candidate at 1-based place r on a side earns 1 / (k + r). Default 60, the
    /// value of Cormack, Clarke and Büttcher (SIGIR 2009).</summary>
    public int RrfK { get; init; } = 60;

    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Depth or RRF k below 1, reference rank negative, or coefficient outside [0, 1].</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Depth, 1, nameof(Depth));
        ArgumentOutOfRangeException.ThrowIfLessThan(RrfK, 1, nameof(RrfK));
        ArgumentOutOfRangeException.ThrowIfNegative(ReferenceRank, nameof(ReferenceRank));
        if (!(Coefficient is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Coefficient), Coefficient, "must lie in [0, 1]");
    }
}
