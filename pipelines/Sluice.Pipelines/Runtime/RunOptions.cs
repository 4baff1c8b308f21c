using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>How one process runs a pipeline.</summary>
public sealed record RunOptions
{
    /// <summary>This process's rank. Default: a single-process run.</summary>
    public RankInfo Rank { get; init; } = RankInfo.Single;

    /// <summary>Cancelling it stops reading; finished units are committed and the run ends as cancelled.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Where finished units are committed. Default: in memory (no resume across processes).</summary>
    public IUnitCommitter? Committer { get; init; }

    /// <summary>Attempt id used in output keys. Default: a new random id.</summary>
    public string? Attempt { get; init; }

    /// <summary>Called once the graph is built, with a live view for progress displays.</summary>
    public Action<RunMonitor>? OnStarted { get; init; }

    /// <summary>Where <c>stats.json</c> goes. Default: beside the first sink's output.</summary>
    public string? StatsUri { get; init; }
}
