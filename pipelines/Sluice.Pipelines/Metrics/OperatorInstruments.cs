using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sluice.Pipelines.Metrics;

/// <summary>
/// The engine's <see cref="System.Diagnostics.Metrics"/> instruments: every <see cref="OperatorMetrics"/> update is
/// also added here, tagged with <c>sluice.pipeline</c>, <c>sluice.operator</c> and <c>sluice.operator.kind</c>, so any
/// listener (the CLI's OTLP exporter, <c>dotnet-counters</c>) sees each operator. Adding to an instrument that nobody
/// listens to costs one branch, and updates come once per batch, not per record.
/// </summary>
public static class OperatorInstruments
{
    /// <summary>The meter's name; a listener subscribes to it (<c>AddMeter(OperatorInstruments.MeterName)</c>).</summary>
    public const string MeterName = "Sluice.Pipelines";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Records that reached an operator, rejected ones included.</summary>
    internal static readonly Counter<long> RecordsIn = Meter.CreateCounter<long>("sluice.operator.records_in", "{record}", "Records that reached the operator");

    /// <summary>Records an operator passed on (a source: read; a sink: written).</summary>
    internal static readonly Counter<long> RecordsOut = Meter.CreateCounter<long>("sluice.operator.records_out", "{record}", "Records the operator passed on");

    /// <summary>Records an operator rejected with a reason.</summary>
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("sluice.operator.rejected", "{record}", "Records the operator rejected");

    /// <summary>Input bytes a source read.</summary>
    internal static readonly Counter<long> BytesIn = Meter.CreateCounter<long>("sluice.operator.bytes_in", "By", "Input bytes of the units a source read");

    /// <summary>Shard bytes a sink wrote.</summary>
    internal static readonly Counter<long> BytesOut = Meter.CreateCounter<long>("sluice.operator.bytes_out", "By", "Bytes of the shards a sink wrote");

    /// <summary>Seconds spent inside an operator's code, summed over threads.</summary>
    internal static readonly Counter<double> Busy = Meter.CreateCounter<double>("sluice.operator.busy_time", "s", "Time spent inside the operator's code");

    /// <summary>The tags of one operator, built once per operator so an update allocates nothing.</summary>
    internal static KeyValuePair<string, object?>[] Tags(string pipeline, string name, string kind) =>
    [
        new("sluice.pipeline", pipeline),
        new("sluice.operator", name),
        new("sluice.operator.kind", kind),
    ];

    /// <summary>Converts <see cref="Stopwatch"/> ticks to seconds.</summary>
    internal static double Seconds(long stopwatchTicks) => (double)stopwatchTicks / Stopwatch.Frequency;
}
