using PuppeteerSharp;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Report;

/// <summary>
/// The report page in a real headless browser (Debian's chromium driven over the DevTools protocol by PuppeteerSharp;
/// no browser is downloaded): it loads with no console error or failed request, fetches nothing from the network, and
/// every chart decodes. A full-page screenshot is kept in <c>build/test-results/report/</c>.
/// </summary>
public sealed class ReportBrowserTests(ReportRun run) : IClassFixture<ReportRun>
{
    /// <summary>Where the page, its charts and the screenshot are kept for a person to look at.</summary>
    private static string Artefacts => RepoPaths.Of("build", "test-results", "report");

    [ChromiumFact]
    public async Task Report_InHeadlessChromium_LoadsCleanAndEveryChartDecodes()
    {
        Directory.CreateDirectory(Artefacts);
        var page = Path.Combine(Artefacts, "report.html");
        await ReportRun.ReportAsync(run.RunFolder, page);
        var problems = new List<string>();
        var requests = new List<string>();

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            // Tests run as root in CI containers, where chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var tab = await browser.NewPageAsync();
        tab.Console += (_, e) => { if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning) problems.Add($"console {e.Message.Type}: {e.Message.Text}"); };
        tab.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        tab.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url}");
        tab.Request += (_, e) => requests.Add(e.Request.Url);
        await tab.SetViewportAsync(new ViewPortOptions { Width = 1100, Height = 900 });
        var response = await tab.GoToAsync(new Uri(page).AbsoluteUri, WaitUntilNavigation.Load);
        var images = await tab.EvaluateExpressionAsync<ImageState[]>(
            "Array.from(document.images).map(i => ({ alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth }))");
        await tab.ScreenshotAsync(Path.Combine(Artefacts, "report.png"), new ScreenshotOptions { FullPage = true });

        Assert.True(response.Ok, $"loading {page}: {response.Status}");
        Assert.Empty(problems);
        Assert.All(requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
        // Every run draws these; the queue-depth chart only when some queue was ever non-empty, which is timing.
        string[] required = ["Records through the graph", "Busy time", "Throughput over time", "Rejects per operator", "Shard sizes"];
        Assert.All(required, title => Assert.Contains(images, i => i.Alt.StartsWith(title, StringComparison.Ordinal)));
        Assert.All(images, i => Assert.True(required.Any(r => i.Alt.StartsWith(r, StringComparison.Ordinal)) || i.Alt.StartsWith("Queue depth", StringComparison.Ordinal), i.Alt));
        Assert.All(images, i => Assert.True(i.Complete && i.NaturalWidth > 0, $"chart '{i.Alt}' did not decode"));
    }

    /// <summary>What the page says about one image.</summary>
    public sealed record ImageState(string Alt, bool Complete, int NaturalWidth);
}
