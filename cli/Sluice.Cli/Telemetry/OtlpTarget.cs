using System.Globalization;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Telemetry;

/// <summary>
/// Where and how often <c>sluice run</c> exports metrics over OTLP (HTTP/protobuf), from <c>--otlp URL</c> or the
/// standard environment variables: <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> (the full URL), else
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (a base URL; <c>v1/metrics</c> is added, as the OTLP specification says).
/// <c>--otlp</c> takes a base URL like the latter and wins over both.
/// </summary>
/// <param name="MetricsUri">The URL metrics are POSTed to, e.g. <c>http://collector:4318/v1/metrics</c>.</param>
/// <param name="Interval">Time between exports: <c>--otlp-interval SECONDS</c>, else <c>OTEL_METRIC_EXPORT_INTERVAL</c> (ms), else <see cref="DefaultInterval"/>.</param>
internal sealed record OtlpTarget(Uri MetricsUri, TimeSpan Interval)
{
    /// <summary>Default export interval: 10 s, so a batch task of a few minutes shows as a curve, not a point.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>The target the arguments and environment name, or null when metrics are not exported.</summary>
    /// <exception cref="UsageException">A URL is not absolute http(s), or the interval is not a positive number.</exception>
    public static OtlpTarget? Resolve(CliArguments args, Func<string, string?> env)
    {
        Uri? uri = null;
        if (args.Get("otlp") is { } base1) uri = WithMetricsPath(Parse(base1, "--otlp"));
        else if (env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") is { Length: > 0 } full) uri = Parse(full, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        else if (env("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } base2) uri = WithMetricsPath(Parse(base2, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (uri is null)
        {
            if (args.Has("otlp-interval")) throw new UsageException("--otlp-interval needs --otlp URL or OTEL_EXPORTER_OTLP_ENDPOINT");
            return null;
        }
        var interval = DefaultInterval;
        if (args.Get("otlp-interval") is { } seconds)
            interval = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 86_400
                ? TimeSpan.FromSeconds(s) : throw new UsageException($"--otlp-interval {seconds}: give seconds, more than 0");
        else if (env("OTEL_METRIC_EXPORT_INTERVAL") is { Length: > 0 } ms)
            interval = int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0
                ? TimeSpan.FromMilliseconds(m) : throw new UsageException($"OTEL_METRIC_EXPORT_INTERVAL={ms}: give milliseconds, more than 0");
        return new OtlpTarget(uri, interval);
    }

    private static Uri Parse(string text, string what) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new UsageException($"{what} {text}: give an http(s) URL such as http://collector:4318");

    private static Uri WithMetricsPath(Uri baseUri) => new(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/metrics");
}
