using Sluice.Cli.Commands;
using Sluice.Cli.Telemetry;

namespace Sluice.Cli.Tests.Telemetry;

/// <summary>How <c>--otlp</c> and the standard OTLP environment variables pick the export URL and interval.</summary>
public sealed class OtlpTargetTests
{
    private static OtlpTarget? Resolve(string[] options, Dictionary<string, string> env) =>
        OtlpTarget.Resolve(CliArguments.Parse(["run", "x.csx", .. options]), name => env.GetValueOrDefault(name));

    [Fact]
    public void Resolve_NothingSet_ExportsNothing() => Assert.Null(Resolve([], []));

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
    [InlineData("https://gw.example/otlp", "https://gw.example/otlp/v1/metrics")]
    public void Resolve_BaseEndpointVariable_AddsTheMetricsPath(string endpoint, string expected)
    {
        var target = Resolve([], new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        Assert.Equal(expected, target!.MetricsUri.ToString());
        Assert.Equal(OtlpTarget.DefaultInterval, target.Interval);
    }

    [Fact]
    public void Resolve_MetricsEndpointVariable_IsUsedAsGiven()
    {
        var target = Resolve([], new() { ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = "http://c:4318/custom", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://other:4318", ["OTEL_METRIC_EXPORT_INTERVAL"] = "2500" });

        Assert.Equal("http://c:4318/custom", target!.MetricsUri.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(2500), target.Interval);
    }

    [Fact]
    public void Resolve_OtlpOption_WinsOverTheEnvironment()
    {
        var target = Resolve(["--otlp", "http://127.0.0.1:9999", "--otlp-interval", "0.5"], new() { ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = "http://c:4318/custom" });

        Assert.Equal("http://127.0.0.1:9999/v1/metrics", target!.MetricsUri.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(500), target.Interval);
    }

    [Theory]
    [InlineData("--otlp-interval", "0")]
    [InlineData("--otlp-interval", "soon")]
    public void Resolve_BadInterval_IsAUsageError(string option, string value) =>
        Assert.Throws<UsageException>(() => Resolve(["--otlp", "http://c:4318", option, value], []));
}
