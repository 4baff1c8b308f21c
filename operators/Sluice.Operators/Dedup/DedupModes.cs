namespace Sluice.Operators.Dedup;

/// <summary>The dedup methods a workflow runs (they combine; they run in this order).</summary>
[Flags]
public enum DedupModes
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Identical normalised text (or an identical key column).</summary>
    Exact = 1,

    /// <summary>Near-duplicates by MinHash-LSH over word shingles.</summary>
    MinHash = 2,

    /// <summary>Semantic duplicates by embedding similarity within k-means clusters (SemDeDup).</summary>
    Semantic = 4,
}
