using Sluice.Pipelines.Metrics;

namespace Sluice.Pipelines.Runtime;

/// <summary>A live view of a running pipeline for progress displays; safe to read from any thread.</summary>
public sealed class RunMonitor
{
    private readonly Func<int> _completed;
    private readonly IReadOnlyList<OperatorMetrics> _metrics;

    internal RunMonitor(string pipeline, int unitsAssigned, Func<int> completed, IReadOnlyList<OperatorMetrics> metrics)
    {
        Pipeline = pipeline;
        UnitsAssigned = unitsAssigned;
        _completed = completed;
        _metrics = metrics;
    }

    /// <summary>Pipeline name.</summary>
    public string Pipeline { get; }

    /// <summary>Units this rank runs.</summary>
    public int UnitsAssigned { get; }

    /// <summary>Units committed so far.</summary>
    public int UnitsCompleted => _completed();

    /// <summary>Current per-operator metrics.</summary>
    public IReadOnlyList<OperatorSnapshot> Snapshot() => _metrics.Select(m => m.Snapshot()).ToArray();
}
