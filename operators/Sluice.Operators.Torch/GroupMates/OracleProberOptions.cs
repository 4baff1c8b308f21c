namespace Sluice.Operators.Torch.GroupMates;

/// <summary>Options of <see cref="OracleProber"/>.</summary>
public sealed record OracleProberOptions
{
    /// <summary>Training sequences per rollout, T. Default 10 (the method's); at least 1.</summary>
    public int RolloutLength { get; init; } = 10;

    /// <summary>AdamW learning rate of each rollout step. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Global gradient-norm clip of each step. Default 1.0; 0 turns it off.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>AdamW weight decay. Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Seed of the sequence draws: rollout r always draws the same sequences. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (RolloutLength < 1) throw new ArgumentOutOfRangeException(nameof(RolloutLength), RolloutLength, "RolloutLength must be at least 1.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        if (ClipNorm < 0 || double.IsNaN(ClipNorm)) throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "ClipNorm must be 0 or positive.");
        if (WeightDecay < 0 || double.IsNaN(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be 0 or positive.");
    }
}
