namespace Sluice.Pipelines.Commit;

/// <summary>A resume was asked of a run folder that holds a different run; the message says what changed and what to do.</summary>
public sealed class RunMismatchException(string runUri, IReadOnlyList<string> changes)
    : InvalidOperationException($"cannot resume the run at {runUri}: {string.Join("; ", changes)}. Start a new run with another --run URI (or delete {runUri} to start this one over).")
{
    /// <summary>What differs from the first run.</summary>
    public IReadOnlyList<string> Changes { get; } = changes;
}
