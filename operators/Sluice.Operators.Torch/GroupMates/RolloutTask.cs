namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// One rollout to probe: a row of the oracle stage's input, whose plan files (a few dozen rollouts each) are the work
/// units spread over ranks.
/// </summary>
/// <param name="RolloutId">The rollout's id; <see cref="OracleProber.Probe"/> draws its sequences from it and the seed.</param>
public sealed record RolloutTask(long RolloutId);
