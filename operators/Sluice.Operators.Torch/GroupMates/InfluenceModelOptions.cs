namespace Sluice.Operators.Torch.GroupMates;

/// <summary>Options of <see cref="RelationalInfluenceModel.Fit"/>.</summary>
public sealed record InfluenceModelOptions
{
    /// <summary>Whether predictions use the relational term (α, τ); <c>false</c> fits the individual-only baseline. Default <c>true</c>.</summary>
    public bool Relational { get; init; } = true;

    /// <summary>Peak AdamW learning rate. Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Linear warm-up steps to the peak rate. Default 50.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>Passes over the training rollouts. Default 30; at least 1.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Rollouts per step. Default 32; at least 1.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>AdamW weight decay (on w only). Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Fraction of rollouts held out (seeded split) for MSE, Pearson and Spearman. Default 0.2; in (0, 1).</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Seed of the split and of the batch order. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Where to train. Default <see cref="TorchDeviceKind.Cpu"/>.</summary>
    public TorchDeviceKind Device { get; init; } = TorchDeviceKind.Cpu;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be 0 or more.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!(HeldOutFraction > 0 && HeldOutFraction < 1)) throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "HeldOutFraction must lie in (0, 1).");
    }
}
