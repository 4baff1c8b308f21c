using System.Text;
using Sluice.Cli.Tests.Commands;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Telemetry;

/// <summary><c>sluice run --otlp URL</c> against a loopback OTLP receiver: what a real run exports.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Run_WithOtlp_ExportsEveryOperatorsMetricsWithTheRank()
    {
        await using var receiver = await OtlpReceiverDouble.StartAsync();

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "quickstart.csx"),
            "--input", CliSandbox.Abstracts, "--output", _box.File("out"), "--otlp", receiver.BaseUrl, "--otlp-interval", "0.5");

        Assert.True(exit == 0, stdout + stderr);
        // The final export happens when the run ends, so the last body holds every counter at its final value.
        Assert.NotEmpty(receiver.Bodies);
        var last = Encoding.UTF8.GetString(receiver.Bodies[^1]);
        foreach (var metric in (string[])["sluice.operator.records_in", "sluice.operator.records_out", "sluice.operator.rejected",
                     "sluice.operator.bytes_in", "sluice.operator.bytes_out", "sluice.operator.busy_time"])
            Assert.Contains(metric, last, StringComparison.Ordinal);
        foreach (var op in (string[])["read-1", "normalize-whitespace", "min-words", "map-1", "write-1"])
            Assert.Contains(op, last, StringComparison.Ordinal);
        foreach (var attribute in (string[])["sluice.rank", "sluice.world_size", "sluice.pipeline", "clean-abstracts", "service.name", "sluice"])
            Assert.Contains(attribute, last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExportIntervalLongerThanTheRun_StillExportsAtTheEnd()
    {
        await using var receiver = await OtlpReceiverDouble.StartAsync();

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "quickstart.csx"),
            "--input", CliSandbox.Abstracts, "--output", _box.File("out"), "--otlp", receiver.BaseUrl, "--otlp-interval", "3600");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains(receiver.Bodies, b => Encoding.UTF8.GetString(b).Contains("sluice.operator.records_out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OtlpNotAUrl_ExitsTwoSayingWhatToGive()
    {
        var (exit, _, stderr) = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "quickstart.csx"),
            "--output", _box.File("out"), "--otlp", "collector:4318");

        Assert.Equal(2, exit);
        Assert.Contains("--otlp collector:4318: give an http(s) URL", stderr, StringComparison.Ordinal);
    }
}
