using System.Text;
using System.Text.RegularExpressions;
using Sluice.Operators.Web.Html;
using Sluice.Operators.Web.Warc;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Web.Html;

/// <summary>
/// Extraction quality on real pages whose main text is known: the Node.js API pages against the Markdown they were
/// rendered from, scored by word-level precision, recall and F1 (bags of words, so order does not count).
/// </summary>
public sealed partial class MainTextQualityTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["punycode", "string_decoder", "synopsis"];

    public static TheoryData<string> Pages => new(Names);

    [Theory]
    [MemberData(nameof(Pages))]
    public void ExtractMainText_NodeApiPage_WordF1AboveFloorAndNavigationLeftOut(string page)
    {
        var html = File.ReadAllText(DataPath(page + ".html"));
        var reference = ReferenceWords(File.ReadAllText(DataPath(page + ".md")));

        var result = MainTextExtractor.Extract(Response($"https://nodejs.org/docs/latest-v20.x/api/{page}.html", html));

        Assert.False(result.IsRejected, result.Reason);
        var score = Score(Words(result.Value!.Text), reference);
        output.WriteLine($"{page}: precision {score.Precision:F3} recall {score.Recall:F3} F1 {score.F1:F3} ({reference.Count} reference words)");
        // Measured: every page above 0.93 F1. The floor catches a regression to the whole page's text (the next test
        // shows it scores below the floor) or to one section (recall falls).
        Assert.True(score.F1 >= 0.85, $"F1 {score.F1:F3} below 0.85 (P {score.Precision:F3}, R {score.Recall:F3})");
        // The side navigation names every other module; the article does not.
        Assert.DoesNotContain("Worker threads", result.Value.Text);
        Assert.Contains("\n\n", result.Value.Text);
    }

    [Fact]
    public void ExtractMainText_AllNodePages_MeanF1()
    {
        var scores = Names.Select(p =>
        {
            var r = MainTextExtractor.Extract(Response($"https://nodejs.org/api/{p}.html", File.ReadAllText(DataPath(p + ".html"))));
            return Score(Words(r.Value!.Text), ReferenceWords(File.ReadAllText(DataPath(p + ".md"))));
        }).ToList();
        var mean = (Precision: scores.Average(s => s.Precision), Recall: scores.Average(s => s.Recall), F1: scores.Average(s => s.F1));
        output.WriteLine($"mean over {scores.Count} pages: precision {mean.Precision:F3} recall {mean.Recall:F3} F1 {mean.F1:F3}");
        Assert.True(mean.F1 >= 0.88, $"mean F1 {mean.F1:F3}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void WholePageText_NodeApiPage_ScoresBelowTheFloor(string page)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(File.ReadAllText(DataPath(page + ".html")));

        var score = Score(Words(BlockText.Of(document.Body!)), ReferenceWords(File.ReadAllText(DataPath(page + ".md"))));

        output.WriteLine($"{page} whole page: precision {score.Precision:F3} recall {score.Recall:F3} F1 {score.F1:F3}");
        Assert.True(score.F1 < 0.85, $"the whole page scores {score.F1:F3}: the floor would not tell extraction from none");
    }

    /// <summary>Word-level scores of <paramref name="extracted"/> against <paramref name="reference"/> as multisets.</summary>
    internal static (double Precision, double Recall, double F1) Score(List<string> extracted, List<string> reference)
    {
        var counts = reference.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var overlap = 0;
        foreach (var w in extracted)
            if (counts.TryGetValue(w, out var c) && c > 0) { counts[w] = c - 1; overlap++; }
        var p = extracted.Count == 0 ? 0 : (double)overlap / extracted.Count;
        var r = reference.Count == 0 ? 0 : (double)overlap / reference.Count;
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    internal static List<string> Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    // The Markdown's words as a reader sees them: comments (YAML metadata, markers) and link reference definitions
    // (URLs that render as nothing) dropped; markup characters are not words anyway.
    private static List<string> ReferenceWords(string markdown)
    {
        var visible = CommentPattern().Replace(markdown, " ");
        visible = string.Join('\n', visible.Split('\n').Where(l => !LinkDefinitionPattern().IsMatch(l)));
        return Words(visible);
    }

    internal static WarcEntry Response(string url, string html, string contentType = "text/html; charset=utf-8", int status = 200,
        string[]? headers = null, int invalidBytes = 0, string warcType = "response", bool decoded = true) =>
        new(warcType, "<urn:uuid:00000000-0000-0000-0000-000000000001>", url, null, "application/http; msgtype=response", status,
            headers ?? [$"Content-Type: {contentType}"], contentType, "utf-8", "header", Encoding.UTF8.GetBytes(html),
            decoded ? html : null, invalidBytes, "file:///crawl.warc.gz", 1234);

    private static string DataPath(string name) => RepoPaths.Of("tests", "Sluice.Operators.Tests", "Web", "Html", "Data", name);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s")]
    private static partial Regex LinkDefinitionPattern();
}
