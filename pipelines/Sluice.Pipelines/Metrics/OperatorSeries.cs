namespace Sluice.Pipelines.Metrics;

/// <summary>One operator's counters at the sample times of a <see cref="RunTimeline"/>.</summary>
/// <param name="Name">Operator name.</param>
/// <param name="RecordsIn">Records in so far.</param>
/// <param name="RecordsOut">Records out so far.</param>
/// <param name="Rejected">Records rejected so far.</param>
/// <param name="BusySeconds">Busy seconds so far.</param>
/// <param name="QueueDepth">Batches waiting in front of the operator at that instant.</param>
public sealed record OperatorSeries(string Name, IReadOnlyList<long> RecordsIn, IReadOnlyList<long> RecordsOut,
    IReadOnlyList<long> Rejected, IReadOnlyList<double> BusySeconds, IReadOnlyList<int> QueueDepth);
