using AngleSharp.Dom;
using Sluice.Operators.Tests.Web.Warc;
using Sluice.Operators.Web.Html;
using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Runtime;
using static Sluice.Operators.Tests.Web.Html.MainTextQualityTests;

namespace Sluice.Operators.Tests.Web.Html;

/// <summary><c>ExtractMainText</c>: the page fields, every reject reason, hostile markup, and a real wget WARC.</summary>
public sealed class MainTextExtractorTests(WgetSite site) : IClassFixture<WgetSite>
{
    private const string Article = """
        <!DOCTYPE html><html lang="de-CH"><head><title>Warum Flüsse im Frühling mehr Wasser führen | Beispiel</title><base href="/docs/"></head><body>
        <nav><a href="/">Start</a> <a href="/kontakt">Kontakt</a> <a href="mailto:a@b.ch">Mail</a> <a href="javascript:void(0)">x</a></nav>
        <article><h1>Warum Flüsse im Frühling mehr Wasser führen</h1>
        <p>Der erste Absatz erzählt, warum Flüsse im Frühling mehr Wasser führen als im Herbst, und wie die Schneeschmelze in den Alpen den Pegel Woche für Woche steigen lässt.</p>
        <p>Der zweite Absatz hat einen <a href="teil-2.html#oben">Verweis</a> und eine Zeile<br>mit Umbruch, dazu genug Worte, damit Readability ihn als Text und nicht als Rand zählt.</p>
        <pre>  eingerückt
            code</pre>
        <p>Der dritte Absatz schliesst ab: Wer an einem Fluss wohnt, beobachtet den Pegel, liest die Warnungen und räumt den Keller rechtzeitig aus.</p>
        </article><footer>© Beispiel AG <a href="https://example.org/impressum?x=1#f">Impressum</a> <a href="/kontakt">Kontakt</a></footer></body></html>
        """;

    [Fact]
    public void Extract_Article_TextInParagraphsWithTitleLanguageAndAbsoluteLinks()
    {
        var r = MainTextExtractor.Extract(Response("https://example.ch/blog/post", Article));

        Assert.False(r.IsRejected, r.Reason);
        var page = r.Value!;
        Assert.Equal("<urn:uuid:00000000-0000-0000-0000-000000000001>", page.Id);
        Assert.Equal("https://example.ch/blog/post", page.Url);
        Assert.Equal(("file:///crawl.warc.gz", 1234L), (page.Source, page.Offset));
        // Readability's title rule cuts the site name after the separator.
        Assert.Equal("Warum Flüsse im Frühling mehr Wasser führen", page.Title);
        Assert.Equal("de-CH", page.Language);
        var paragraphs = page.Text.Split("\n\n");
        Assert.Contains(paragraphs, p => p.StartsWith("Der erste Absatz erzählt", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("eine Zeile\nmit Umbruch", StringComparison.Ordinal));
        Assert.Contains("  eingerückt\n    code", paragraphs);
        Assert.DoesNotContain("Impressum", page.Text);
        Assert.DoesNotContain("Kontakt", page.Text);
        // Resolved against <base href="/docs/">, fragments dropped, mailto/javascript left out, duplicates once.
        Assert.Equal(["https://example.ch/", "https://example.ch/kontakt", "https://example.ch/docs/teil-2.html", "https://example.org/impressum?x=1"], page.Links);
    }

    [Fact]
    public void Extract_NoLangAttribute_LanguageFromContentLanguageHeader()
    {
        var html = Article.Replace(" lang=\"de-CH\"", "", StringComparison.Ordinal);

        var r = MainTextExtractor.Extract(Response("https://example.ch/a", html, headers: ["Content-Type: text/html", "Content-Language: de, en"]));

        Assert.Equal("de", r.Value!.Language);
        Assert.Null(MainTextExtractor.Extract(Response("https://example.ch/a", html)).Value!.Language);
    }

    public static TheoryData<string, WarcEntry> Rejected => new()
    {
        { "not a response record (WARC-Type request)", Response("https://e.ch/", Article, warcType: "request") },
        { "HTTP status 404, not 2xx", Response("https://e.ch/", Article, status: 404) },
        { "HTTP status 301, not 2xx", Response("https://e.ch/", Article, status: 301) },
        { "media type application/pdf is not HTML", Response("https://e.ch/", "%PDF-1.4", contentType: "application/pdf") },
        { "media type text/plain is not HTML", Response("https://e.ch/", Article, contentType: "text/plain; charset=utf-8") },
        { "no Content-Type and the payload does not start as HTML", Response("https://e.ch/", "just words", contentType: "") },
        { "payload not decoded as text (Content-Encoding other than identity)", Response("https://e.ch/", Article, decoded: false) },
        { "binary payload (NUL characters in the text)", Response("https://e.ch/", "<html>\0\0\u0001PNG", contentType: "text/html") },
        { $"undecodable payload: 100 of {System.Text.Encoding.UTF8.GetByteCount(Article)} bytes invalid in utf-8", Response("https://e.ch/", Article, invalidBytes: 100) },
        { "no main text found", Response("https://e.ch/", "<html><body><nav><a href='/'>Home</a></nav></body></html>") },
        { "no main text found", Response("https://e.ch/", "") },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Extract_Unusable_RejectedWithTheReason(string reason, WarcEntry entry)
    {
        var r = MainTextExtractor.Extract(entry);

        Assert.True(r.IsRejected);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void Extract_NoContentTypeButHtml_Sniffed()
    {
        Assert.False(MainTextExtractor.Extract(Response("https://e.ch/", "  " + Article, contentType: "")).IsRejected);
    }

    [Fact]
    public void Extract_MinTextChars_RejectsBelowKeepsAt()
    {
        var length = MainTextExtractor.Extract(Response("https://e.ch/", Article)).Value!.Text.Length;

        Assert.False(MainTextExtractor.Extract(Response("https://e.ch/", Article), new MainTextOptions { MinTextChars = length }).IsRejected);
        var r = MainTextExtractor.Extract(Response("https://e.ch/", Article), new MainTextOptions { MinTextChars = length + 1 });
        Assert.Equal($"main text of {length} characters, below the minimum {length + 1}", r.Reason);
    }

    [Fact]
    public void Extract_HostileMarkup_RejectedOrExtractedNeverThrows()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 2_000)) + "text";
        var wide = "<html><body>" + string.Concat(Enumerable.Repeat("<span>x</span>", 3_000)) + "</body></html>";
        // AngleSharp's tree builder nests at most 512 levels (the extractor relies on it to bound its recursive walks);
        // the flattened rest holds no article.
        var tree = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(deep);
        Assert.InRange(tree.All.Max(e => e.GetAncestors().Count()), 100, 512);
        Assert.Equal("no main text found", MainTextExtractor.Extract(Response("https://e.ch/", deep)).Reason);
        Assert.Equal("more than 2000 elements", MainTextExtractor.Extract(Response("https://e.ch/", wide), new MainTextOptions { MaxElements = 2_000 }).Reason);

        string[] hostile =
        [
            "<", "<html", "<<<>>>", "<p>unclosed <b><i><u>", "<table><td><tr><p>misnested</table></p>", "<html><body><script>" + new string('x', 10_000),
            "<a href='http://[::1'>bad uri</a><a href='http://%zz'>x</a><a href=''>y</a>", "<svg><foreignObject><p>svg text</p></foreignObject></svg>",
            "<!-- unterminated comment", "<html><body>" + new string('\uFFFD', 500) + "</body></html>", "<base href='::::'><a href='x'>z</a>",
        ];
        foreach (var html in hostile)
        {
            var r = MainTextExtractor.Extract(Response("https://e.ch/", html));
            Assert.True(r.IsRejected || r.Value!.Text.Length > 0);
        }
        Assert.False(MainTextExtractor.Extract(Response("not a uri", Article)).IsRejected);
    }

    [Fact]
    public void ExtractMainText_InvalidOptions_ThrowWhenDeclared()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MainTextExtractor.Extract(Response("https://e.ch/", Article), new MainTextOptions { MaxInvalidByteFraction = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pipelines.Blueprint.Pipeline.Create("t").ReadWarc("x.warc").ExtractMainText(new MainTextOptions { MinTextChars = -1 }));
    }

    [Fact]
    public async Task ExtractMainText_WgetWarc_OneArticlePerGimpPageWithoutTheNavigation()
    {
        var pages = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath).ExtractMainText());

        // The four GIMP pages; the index (a bare link list), the PNG and robots.txt (404) are rejected.
        Assert.Equal(["/gimp-layer-crop.html", "/legacy-latin1.html", "/plug-in-zealouscrop.html", "/script-fu-add-bevel.html"],
            pages.Select(p => p.Url![site.BaseUrl.Length..]).Order(StringComparer.Ordinal));
        var crop = pages.Single(p => p.Url == site.BaseUrl + "/gimp-layer-crop.html");
        Assert.Contains("The Crop to Selection command crops only the active layer to the boundary of the selection", crop.Text);
        // Inside <span class="guimenu">: Readability alone would drop these words as "menu" boilerplate.
        Assert.Contains("You can access this command from the image menubar through Layer → Crop to Selection.", crop.Text);
        // The page's header and footer navigation.
        Assert.DoesNotContain("Report a documentation error", crop.Text);
        Assert.DoesNotContain("7.53. Scale Layer", crop.Text);
        Assert.Equal("7.54.\u00a0Crop Layer", crop.Title);
        // The windows-1252 copy of the zealous-crop page gives the same article (its extra paragraph before the article is
        // outside the main content).
        string TextOf(string path) => pages.Single(p => p.Url == site.BaseUrl + path).Text;
        Assert.Equal(TextOf("/plug-in-zealouscrop.html").Replace("→", "->", StringComparison.Ordinal), TextOf("/legacy-latin1.html"));
        Assert.All(pages, p => Assert.StartsWith("<urn:uuid:", p.Id));
        Assert.All(pages, p => Assert.Equal(site.WarcPath, new Uri(p.Source).LocalPath));
        Assert.All(pages, p => Assert.All(p.Links, l => Assert.True(Uri.IsWellFormedUriString(l, UriKind.Absolute), l)));
    }
}
