using Sluice.Pipelines.Metrics;

namespace Sluice.Pipelines.Runtime;

/// <summary>The outcome of one rank's run.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Error">The fault, when <paramref name="Status"/> is Failed.</param>
/// <param name="UnitsPlanned">Units in the whole plan.</param>
/// <param name="UnitsAssigned">Units this rank was given (after skipping committed ones).</param>
/// <param name="UnitsCommitted">Units this rank committed.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Operators">Final per-operator metrics.</param>
/// <param name="Outputs">Per sink name, its output URI.</param>
/// <param name="ManifestsWritten">True when the run was the one that completed the dataset and wrote the manifests.</param>
public sealed record RunResult(string Pipeline, RunStatus Status, Exception? Error, int UnitsPlanned, int UnitsAssigned,
    int UnitsCommitted, TimeSpan Elapsed, IReadOnlyList<OperatorSnapshot> Operators, IReadOnlyDictionary<string, string> Outputs,
    bool ManifestsWritten)
{
    /// <summary>Per-operator counters sampled over the run (at most <see cref="MetricsTimeline.DefaultMaxPoints"/> points); null when none were taken.</summary>
    public RunTimeline? Timeline { get; init; }

    /// <summary>Records rejected across all operators.</summary>
    public long Rejected => Operators.Sum(o => o.Rejected);
}
