namespace Sluice.Operators.Drama;

/// <summary>An inclusive range of 1-based ranks, e.g. 30–50.</summary>
/// <param name="First">First rank (at least 1).</param>
/// <param name="Last">Last rank (at least <paramref name="First"/>).</param>
public readonly record struct RankRange(int First, int Last)
{
    /// <summary>True when <paramref name="rank"/> is in the range.</summary>
    public bool Contains(int rank) => rank >= First && rank <= Last;

    /// <summary>Throws unless 1 ≤ First ≤ Last.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or starts below 1.</exception>
    public void Validate(string name)
    {
        if (First < 1 || Last < First) throw new ArgumentOutOfRangeException(name, this, "ranks start at 1 and Last must be at least First");
    }

    /// <inheritdoc />
    public override string ToString() => $"{First}–{Last}";
}
