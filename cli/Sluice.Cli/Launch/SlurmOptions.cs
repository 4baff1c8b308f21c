namespace Sluice.Cli.Launch;

/// <summary>How <see cref="SlurmLauncher"/> writes and submits job arrays.</summary>
internal sealed record SlurmOptions
{
    /// <summary>The command that starts Sluice on a node, usually one absolute path. Required.</summary>
    public required IReadOnlyList<string> Sluice { get; init; }

    /// <summary>Folder for the per-task <c>.out</c>/<c>.err</c> files; must exist and be visible to the nodes. Required.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>Working directory of every task (<c>#SBATCH --chdir</c>). Default: none (sbatch uses the submit directory).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra sbatch options, one word each (<c>--partition=gpu</c>), written as <c>#SBATCH</c> lines after Sluice's own. Default: none.</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];

    /// <summary>At most this many tasks of an array at once (<c>--array=0-N%K</c>). Default: null, no limit.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>
    /// Seconds before the time limit at which Slurm sends SIGTERM to the task (<c>--signal=B:TERM@S</c>), so the run
    /// commits its finished units and exits. Default 60.
    /// </summary>
    public int SignalSeconds { get; init; } = 60;

    /// <summary>
    /// How often a task stopped by that signal requeues itself to resume (a preempted task is requeued by Slurm
    /// itself). Default 3.
    /// </summary>
    public int MaxRequeues { get; init; } = 3;
}
