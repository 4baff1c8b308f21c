namespace Sluice.Operators.Search;

/// <summary>How dense and BM25 candidates are combined into one ranking.</summary>
public enum HybridRule
{
    /// <summary>NEST's score interpolation with a per-query weight (<see cref="HybridFusion.Nest"/>).</summary>
    Nest,

    /// <summary>Reciprocal-rank fusion (<see cref="HybridFusion.ReciprocalRank"/>): ranks only, no scores.</summary>
    Rrf,
}
