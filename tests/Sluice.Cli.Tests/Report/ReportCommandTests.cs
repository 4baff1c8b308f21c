using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Commands;

namespace Sluice.Cli.Tests.Report;

/// <summary><c>sluice report</c> on what a real run left: the page's content, its escaping and its charts.</summary>
public sealed partial class ReportCommandTests(ReportRun run) : IClassFixture<ReportRun>
{
    private readonly ReportRun _run = run;

    /// <summary>A page path of its own per test, so no test sees another's charts.</summary>
    private string Page([CallerMemberName] string test = "") => Path.Combine(_run.Folder, test, "report.html");

    [Fact]
    public async Task Report_RecordsHoldingMarkup_ShowTheMarkupAsText()
    {
        var html = await ReportRun.ReportAsync(_run.RunFolder, Page());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        // Once in a reject example, once in a sample row at least.
        Assert.True(Regex.Matches(html, Regex.Escape("&lt;script&gt;console.error(&#39;markup ran&#39;)&lt;/script&gt;")).Count >= 2, html);
    }

    [Fact]
    public async Task Report_RunFolder_FetchesNothingAndEmbedsEveryChart()
    {
        var page = Page();
        var html = await ReportRun.ReportAsync(_run.RunFolder, page);

        // Every src and href is inline data: the page works offline and leaks nothing.
        Assert.All(SourceAttribute().Matches(html), m => Assert.StartsWith("data:", m.Groups[1].Value, StringComparison.Ordinal));
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        var pngs = Directory.GetFiles(Path.GetDirectoryName(page)!, "report-*.png").Select(f => Path.GetFileName(f)).Order().ToArray();
        // Every run draws these five; the queue-depth chart only when some queue was ever non-empty, which is timing.
        Assert.Equal<string>(["report-busy.png", "report-records.png", "report-rejects.png", "report-shards.png", "report-throughput.png"],
            pngs.Where(p => p != "report-queue.png").ToArray());
        Assert.Equal(pngs.Length, Regex.Matches(html, "<img src=\"data:image/png;base64,iVBORw0KGgo").Count);
    }

    [Fact]
    public async Task Report_Rejects_GroupedWithThreeExamples()
    {
        var html = await ReportRun.ReportAsync(_run.Output, Page());

        var row = Regex.Match(html, "<tr><td>min-words</td><td>4 words, fewer than 50</td><td class=\"n\">(\\d+)</td><td>(.*?)</td></tr>");
        Assert.True(row.Success, html);
        Assert.Equal(ReportRun.ShortRecords.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Groups[1].Value);
        Assert.Equal(3, Regex.Matches(row.Groups[2].Value, "<pre>").Count);
    }

    [Fact]
    public async Task Report_Output_SamplesTwentyRowsOfTheFirstShard()
    {
        var html = await ReportRun.ReportAsync(_run.Output, Page());

        var sample = Regex.Match(html, "<table class=\"sample\">(.*?)</table>", RegexOptions.Singleline);
        Assert.True(sample.Success, html);
        Assert.Contains("<th>id</th><th>title</th><th>text</th>", sample.Value, StringComparison.Ordinal);
        Assert.Equal(21, Regex.Matches(sample.Value, "<tr>").Count);
        Assert.Contains("<td>markup-kept</td>", sample.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FolderWithNothingToReport_ExitsOneNamingIt()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_run.Folder, "empty")).FullName;

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("report", empty);

        Assert.Equal(1, exit);
        Assert.Contains($"nothing to report at {empty}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WorkflowRunFolder_ExitsOneNamingAStageFolder()
    {
        var workflow = Directory.CreateDirectory(Path.Combine(_run.Folder, "workflow-run")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflow, "workflow.json"), "{}");

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("report", workflow);

        Assert.Equal(1, exit);
        Assert.Contains($"is a workflow's run folder: report one stage's, sluice report {workflow}/stages/STAGE", stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]*)\"")]
    private static partial Regex SourceAttribute();
}
