using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Commands;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Report;

/// <summary><c>sluice report</c> on a run whose run folder and output live on the real S3 server.</summary>
[Trait("Category", "Integration")]
public sealed class ReportS3Tests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>, IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Report_S3RunFolder_ReadsStatsRejectsAndSampleFromS3()
    {
        var bucket = await s3.CreateBucketAsync("report");
        var (output, run) = ($"s3://{bucket}/out/clean", $"s3://{bucket}/runs/clean");
        var result = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "quickstart.csx"), "--input", CliSandbox.Abstracts,
            "--output", output, "--run", run);
        Assert.True(result.Exit == 0, result.Out + result.Err);

        var html = await ReportRun.ReportAsync(run, _box.File("report.html"));

        Assert.Contains("Status <b>completed</b>", html, StringComparison.Ordinal);
        Assert.Matches($"<h3>First 20 rows of {Regex.Escape(output)}/part-[^<]*\\.parquet \\(parquet\\)</h3>", html);
        Assert.Contains($"<h2>Run folder</h2>\n<p>{run}: 1 units", html, StringComparison.Ordinal);
        Assert.Contains("<p>No records were rejected.</p>", html, StringComparison.Ordinal);
        // Records, busy time, throughput and shard sizes; no rejects chart without rejects (and the queue-depth chart
        // only when some queue was ever non-empty, which is timing).
        Assert.Equal<string>(["report-busy.png", "report-records.png", "report-shards.png", "report-throughput.png"],
            Directory.GetFiles(_box.Path, "report-*.png").Select(f => Path.GetFileName(f)).Where(f => f != "report-queue.png").Order().ToArray());
    }
}
