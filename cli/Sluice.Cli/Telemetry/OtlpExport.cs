using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Planning;

namespace Sluice.Cli.Telemetry;

/// <summary>
/// Exports the engine's and endpoint clients' <see cref="System.Diagnostics.Metrics"/> instruments
/// (<see cref="OperatorInstruments"/>, <see cref="EndpointInstruments"/>) to an OTLP receiver over HTTP/protobuf for
/// the length of a run, with the rank, world size and pipeline as resource attributes, so a cluster's collector (and
/// Prometheus or Grafana behind it) tells every rank apart. The engine knows nothing of OpenTelemetry; only the CLI does.
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    /// <summary>How long the final export at the run's end may take before the run ends without it.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private readonly MeterProvider _provider;
    private readonly OtlpTarget _target;

    private OtlpExport(MeterProvider provider, OtlpTarget target)
    {
        _provider = provider;
        _target = target;
    }

    /// <summary>Starts exporting to <paramref name="target"/>, or returns null when it is null.</summary>
    /// <param name="target">Where to, and how often.</param>
    /// <param name="rank">This process's rank.</param>
    /// <param name="pipeline">The pipeline or workflow name.</param>
    public static OtlpExport? Start(OtlpTarget? target, RankInfo rank, string pipeline)
    {
        if (target is null) return null;
        var resource = ResourceBuilder.CreateDefault();
        // OTEL_SERVICE_NAME, when set, names the service; CreateDefault has read it (and OTEL_RESOURCE_ATTRIBUTES).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME"))) resource.AddService("sluice");
        resource.AddAttributes(
        [
            new("sluice.rank", rank.Rank),
            new("sluice.world_size", rank.WorldSize),
            new("sluice.pipeline", pipeline),
            new("host.name", Environment.MachineName),
            new("process.pid", Environment.ProcessId),
        ]);
        var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(OperatorInstruments.MeterName, EndpointInstruments.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = target.MetricsUri;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)Math.Min(target.Interval.TotalMilliseconds, int.MaxValue);
            })
            .Build();
        return new OtlpExport(provider, target);
    }

    /// <summary>
    /// Exports what is recorded now, at the run's end, so the last counts reach the receiver however short the run
    /// was; a receiver that does not answer within <see cref="FlushTimeout"/> gets a warning on <paramref name="log"/>.
    /// </summary>
    public void Flush(TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        if (!_provider.ForceFlush((int)FlushTimeout.TotalMilliseconds))
            log.WriteLine($"otlp: the final metrics export to {_target.MetricsUri} did not succeed within {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Stops exporting.</summary>
    public void Dispose() => _provider.Dispose();
}
