namespace Sluice.Operators.Drama;

/// <summary>A parsed listwise ranking.</summary>
/// <param name="Order">0-based item indices, best first; a permutation of all items.</param>
/// <param name="Mentioned">Items the answer ranked.</param>
/// <param name="Missing">Items it left out (appended in original order).</param>
/// <param name="Duplicates">Repeated mentions ignored.</param>
/// <param name="OutOfRange">Numbers that name no item.</param>
public sealed record RankingParse(IReadOnlyList<int> Order, int Mentioned, int Missing, int Duplicates, int OutOfRange)
{
    /// <summary>True when the answer ranked nothing usable (the order is the original one).</summary>
    public bool IsEmpty => Mentioned == 0;
}
