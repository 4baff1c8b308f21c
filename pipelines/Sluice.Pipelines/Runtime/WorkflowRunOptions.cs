using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>How one process runs a workflow (see <see cref="WorkflowRunner"/>).</summary>
public sealed record WorkflowRunOptions
{
    /// <summary>This process's rank. Default: a single-process run.</summary>
    public RankInfo Rank { get; init; } = RankInfo.Single;

    /// <summary>Cancelling it stops the current stage (a pipeline commits its finished units) and runs no later one.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>
    /// The workflow's run folder (local path or <c>s3://bucket/prefix</c>); pipeline stage NAME runs with the run folder
    /// <c>RUN/stages/NAME</c>, and finished stages are recorded there and skipped on a rerun. Required when several ranks
    /// run more than one stage (they wait for each other through it). Default null: nothing is recorded.
    /// </summary>
    public string? RunUri { get; init; }

    /// <summary>Run only this stage, without waiting for earlier ones (a batch system orders the stages). Default null: every stage.</summary>
    public string? Stage { get; init; }

    /// <summary>The script's parameters, recorded in <c>workflow.json</c> and each stage's run manifest.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Run pipeline stages through the engine's resume even when they are recorded complete, checking committed
    /// outputs' SHA-256. Default false: a complete stage is skipped without being built.
    /// </summary>
    public bool Verify { get; init; }

    /// <summary>Where notes go (skipped and waiting stages, resumes). Default: none.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Between polls while waiting for the stage before to complete. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a rank waits for the stage before to complete before the stage fails. Default 24 h.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Called when a pipeline stage's graph is built, with a live view for progress displays.</summary>
    public Action<RunMonitor>? OnStarted { get; init; }

    /// <summary>Called when a stage ends on this process (also when it was skipped).</summary>
    public Action<WorkflowStageResult>? OnStageEnded { get; init; }
}
