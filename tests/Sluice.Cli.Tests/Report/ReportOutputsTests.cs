using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Commands;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Cli.Tests.Report;

/// <summary><c>sluice report</c> over outputs of each shard format, and with the endpoint stats an LLM pipeline leaves.</summary>
public sealed partial class ReportOutputsTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private async Task<string> RunAsync(string write)
    {
        var script = _box.Script("write.csx", $$"""
            var pipeline = Pipeline.Create("formats").ReadJsonl<Document>(Param("input", "missing.jsonl")).{{write}}.Build();
            return pipeline;
            """);
        var output = _box.File("out");
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", script, "--input", CliSandbox.Abstracts, "--output", output);
        Assert.True(exit == 0, stdout + stderr);
        return output;
    }

    [Theory]
    [InlineData("WriteJsonl(Output(\"out/x\"))", "jsonl", "id")]
    [InlineData("WriteParquet(Output(\"out/x\"))", "parquet", "id")]
    [InlineData("WriteArrowShards(Output(\"out/x\"))", "arrow", "id")]
    public async Task Report_EachShardFormat_SamplesTwentyRowsAsText(string write, string format, string firstColumn)
    {
        var output = await RunAsync(write);

        var html = await ReportRun.ReportAsync(output, _box.File("report.html"));

        var sample = Regex.Match(html, $"<h3>First 20 rows of [^<]* \\({format}\\)</h3>\n<table class=\"sample\"><tr><th>([^<]*)</th>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(sample.Success, html);
        Assert.Equal(firstColumn, sample.Groups[1].Value);
        Assert.Equal(20, Regex.Matches(sample.Groups[2].Value, "<tr>").Count);
        Assert.Contains("scifact-0000", sample.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_TwoRanks_SumsTheirStats()
    {
        // Four units of about 100 kB, two per rank.
        var script = _box.Script("ranks.csx", """
            var pipeline = Pipeline.Create("ranks").ReadJsonl<Document>(Param("input", "missing.jsonl"), new JsonlSourceOptions { MaxUnitBytes = 100_000 })
                .MinWords(50).WriteParquet(Output("out/x")).Build();
            return pipeline;
            """);
        var (output, run) = (_box.File("out"), _box.File("run"));
        foreach (var rank in (string[])["0", "1"])
        {
            var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", script, "--input", CliSandbox.Abstracts, "--output", output,
                "--run", run, "--rank", rank, "--world-size", "2");
            Assert.True(exit == 0, stdout + stderr);
        }

        var html = await ReportRun.ReportAsync(run, _box.File("report.html"));

        Assert.Contains("on 2 rank(s), 2 rank stats read.", html, StringComparison.Ordinal);
        // Each rank committed its two units, and every abstract was read once, by one rank or the other.
        Assert.Contains("<tr><td class=\"n\">0</td><td>completed</td><td class=\"n\">2</td><td class=\"n\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td class=\"n\">1</td><td>completed</td><td class=\"n\">2</td><td class=\"n\">2</td>", html, StringComparison.Ordinal);
        var read = Regex.Match(html, "<tr><td>read-1</td><td>source</td><td class=\"n\">0</td><td class=\"n\">([0-9,]+)</td>");
        Assert.Equal(File.ReadLines(CliSandbox.Abstracts).Count(), int.Parse(read.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Report_OutputWithEndpointStats_ShowsThem()
    {
        var output = await RunAsync("WriteParquet(Output(\"out/x\"))");
        // Written by the real EndpointStats, as AutoSaveTo does after each batch of an LLM operator.
        await new EndpointStats("<llm>@localhost").SaveAsync(Path.Combine(output, "endpoint-stats.json"));

        var html = await ReportRun.ReportAsync(output, _box.File("report.html"));

        Assert.Contains("<h2>Endpoint</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>endpoint</th><td class=\"n\">&lt;llm&gt;@localhost</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>latency_p99_ms</th>", html, StringComparison.Ordinal);
    }
}
