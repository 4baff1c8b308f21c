namespace Sluice.Operators.Torch.GroupMates;

/// <summary>One step of a probed rollout, as the oracle stage writes it (Parquet).</summary>
/// <param name="RolloutId">The rollout.</param>
/// <param name="Step">1-based step within the rollout.</param>
/// <param name="DocumentId">The document trained on at this step.</param>
/// <param name="Score">Cumulative score: reference loss after this step minus before the rollout (negative helped).</param>
public sealed record OracleStepRow(long RolloutId, int Step, string DocumentId, float Score);
