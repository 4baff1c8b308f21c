namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// One oracle rollout: T documents trained on in order from the checkpoint, and after each step the cumulative score
/// (reference loss after step k − reference loss before the rollout; negative is good).
/// </summary>
/// <param name="RolloutId">The rollout's id; its sequences are drawn from it and the seed.</param>
/// <param name="DocumentIds">The documents in training order.</param>
/// <param name="Scores">Cumulative scores, one per step taken (fewer than T when rejected).</param>
/// <param name="LossBefore">Reference loss at the checkpoint.</param>
/// <param name="RejectReason">Why the rollout stopped (a non-finite loss), or <c>null</c> when it completed.</param>
public sealed record OracleRollout(long RolloutId, string[] DocumentIds, float[] Scores, double LossBefore, string? RejectReason)
{
    /// <summary>Marginal scores: score_k − score_{k−1} (score_0 = 0).</summary>
    public float[] Marginals() => Scores.Select((s, k) => k == 0 ? s : s - Scores[k - 1]).ToArray();
}
