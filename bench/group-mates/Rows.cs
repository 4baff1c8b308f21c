namespace Sluice.Bench.GroupMates;

/// <summary>A document's training sequence for the probe LM (stage 1 output, JSONL).</summary>
public sealed record SequenceRow(string Id, int[] Tokens, string Text);

/// <summary>One rollout to probe: the oracle stage's input rows (one plan file per work unit).</summary>
public sealed record RolloutTask(long RolloutId);

/// <summary>One step of a probed rollout (stage 2 output, Parquet): cumulative score after training on the step's document.</summary>
public sealed record OracleStepRow(long RolloutId, int Step, string DocumentId, float Score);
