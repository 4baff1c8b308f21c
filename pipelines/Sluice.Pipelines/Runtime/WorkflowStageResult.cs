using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Runtime;

/// <summary>How one stage of a workflow ended on one process.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Kind">Pipeline or step.</param>
/// <param name="Status">Completed (also when skipped), Cancelled or Failed.</param>
/// <param name="Skipped">Why this process did nothing for the stage ("already complete", "steps run on rank 0"), or null.</param>
/// <param name="Run">The pipeline run's result, for a pipeline stage that ran.</param>
/// <param name="Error">The fault, when <paramref name="Status"/> is Failed.</param>
/// <param name="Elapsed">Wall time, waiting for the stage before included.</param>
public sealed record WorkflowStageResult(string Stage, WorkflowStageKind Kind, RunStatus Status, string? Skipped, RunResult? Run,
    Exception? Error, TimeSpan Elapsed);
