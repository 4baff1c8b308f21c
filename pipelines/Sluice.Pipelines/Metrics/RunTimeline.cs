namespace Sluice.Pipelines.Metrics;

/// <summary>
/// Counters sampled over a run (<see cref="MetricsTimeline"/>), as written to <c>stats.json</c>'s <c>timeline</c>:
/// the sample times and, per operator, each counter's value at those times (cumulative, so a rate is a difference).
/// </summary>
/// <param name="IntervalSeconds">The spacing of the samples at the run's end (the last sample is the run's end).</param>
/// <param name="Seconds">Each sample's time since the run started.</param>
/// <param name="Operators">One series per operator, in graph order.</param>
public sealed record RunTimeline(double IntervalSeconds, IReadOnlyList<double> Seconds, IReadOnlyList<OperatorSeries> Operators);
