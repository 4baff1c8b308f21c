using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>How one process runs a pipeline.</summary>
public sealed record RunOptions
{
    /// <summary>This process's rank. Default: a single-process run.</summary>
    public RankInfo Rank { get; init; } = RankInfo.Single;

    /// <summary>Cancelling it stops reading; finished units are committed and the run ends as cancelled.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>
    /// The run folder (local path or <c>s3://bucket/prefix</c>) holding the run manifest, unit commits and attempt
    /// records: with it a run is exactly-once and resumable across processes and ranks. Default null: commits stay
    /// in this process.
    /// </summary>
    public string? RunUri { get; init; }

    /// <summary>The script's parameters, recorded in the run manifest so a resume with other values is refused.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>On resume, also check committed outputs' SHA-256 (not only sizes). Default false.</summary>
    public bool Verify { get; init; }

    /// <summary>Where resume notes go (damaged commits, skipped units). Default: none.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Commits units somewhere other than a run folder (tests). Ignored when <see cref="RunUri"/> is set.</summary>
    public IUnitCommitter? Committer { get; init; }

    /// <summary>Attempt id used in output keys: eight lower-case hex digits (<see cref="Commit.RunIds.AttemptPattern"/>). Default: a new random id.</summary>
    public string? Attempt { get; init; }

    /// <summary>Called once the graph is built, with a live view for progress displays.</summary>
    public Action<RunMonitor>? OnStarted { get; init; }

    /// <summary>Where <c>stats.json</c> goes. Default: beside the first sink's output.</summary>
    public string? StatsUri { get; init; }

    /// <summary>
    /// The first interval of the per-operator timeline in <c>stats.json</c> (<see cref="Metrics.MetricsTimeline"/>);
    /// it doubles whenever the timeline holds its maximum of points. Default 1 s.
    /// </summary>
    public TimeSpan TimelineInterval { get; init; } = Metrics.MetricsTimeline.DefaultInterval;

    /// <summary>How often a running attempt rewrites its status record. Default 10 s.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);
}
