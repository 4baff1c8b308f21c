using System.Diagnostics.Metrics;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// The endpoint clients' <see cref="System.Diagnostics.Metrics"/> instruments, tagged with <c>sluice.endpoint</c>:
/// what <see cref="EndpointStats"/> counts, offered to any listener (the CLI's OTLP exporter).
/// </summary>
public static class EndpointInstruments
{
    /// <summary>The meter's name; a listener subscribes to it.</summary>
    public const string MeterName = "Sluice.Endpoints";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Latency of each answered attempt, in milliseconds.</summary>
    internal static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("sluice.endpoint.latency", "ms", "Latency of answered endpoint attempts");

    /// <summary>Attempts that failed, tagged with the endpoint.</summary>
    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>("sluice.endpoint.failures", "{attempt}", "Endpoint attempts that failed");

    /// <summary>The tag of one endpoint.</summary>
    internal static KeyValuePair<string, object?> Tag(string endpoint) => new("sluice.endpoint", endpoint);
}
