namespace Sluice.Operators.Torch.GroupMates;

/// <summary>How <see cref="RelationalInfluenceModel.Fit"/> went, measured on the held-out rollouts at the best epoch.</summary>
/// <param name="TrainRollouts">Rollouts trained on.</param>
/// <param name="HeldOutRollouts">Rollouts held out.</param>
/// <param name="BestEpoch">The epoch (1-based) of the highest held-out Spearman: the weights kept.</param>
/// <param name="HeldOutMse">MSE on z-normalised marginal targets.</param>
/// <param name="HeldOutPearson">Pearson's r of predictions and targets.</param>
/// <param name="HeldOutSpearman">Spearman's ρ of predictions and targets.</param>
/// <param name="Alpha">α at the best epoch.</param>
/// <param name="Tau">τ at the best epoch.</param>
public sealed record InfluenceFitReport(int TrainRollouts, int HeldOutRollouts, int BestEpoch, double HeldOutMse,
    double HeldOutPearson, double HeldOutSpearman, float Alpha, float Tau);
