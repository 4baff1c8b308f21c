namespace Sluice.Operators.Selection;

/// <summary>Options of <see cref="GroupSelection"/>; checked by <see cref="Validate"/>.</summary>
public sealed record GroupSelectionOptions
{
    /// <summary>Fraction r of each cluster to keep: floor(r·|cluster|) documents (r·n + 1e-9, so 0.29·100 keeps 29). Default 0.5; in 0..1.</summary>
    public double Ratio { get; init; } = 0.5;

    /// <summary>α of the interaction α(1 − cos/τ); take it from the trained relational model. Default 1 (the reference code's fixed value).</summary>
    public float Alpha { get; init; } = 1f;

    /// <summary>τ of the interaction α(1 − cos/τ); take it from the trained relational model. Default 1 (the reference code's fixed value).</summary>
    public float Tau { get; init; } = 1f;

    /// <summary>
    /// Whether to use the interactions (group selection). Default <c>true</c>; <c>false</c> keeps the documents of
    /// lowest individual prediction in each cluster (the individual baseline).
    /// </summary>
    public bool UseInteractions { get; init; } = true;

    /// <summary>Threads (clusters are selected in parallel). Default -1: every core. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (Ratio is < 0 or > 1 || double.IsNaN(Ratio)) throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, "Ratio must lie in 0..1.");
        if (!float.IsFinite(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be finite.");
        if (Tau == 0 || !float.IsFinite(Tau)) throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "Tau must be finite and non-zero.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 or at least 1.");
    }

    /// <summary>floor(r·n): how many of a cluster of <paramref name="n"/> are kept.</summary>
    public int Keep(int n) => (int)Math.Floor(Ratio * n + 1e-9);
}
