using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Blueprint;
using SmartReader;

namespace Sluice.Operators.Web.Html;

/// <summary>
/// Extracts a page's main text from a WARC response record: AngleSharp parses the decoded HTML once, the title
/// hint, language hint and links are read from the whole page, then SmartReader 0.11.1 (a port of Mozilla Readability)
/// picks the article element and <see cref="BlockText"/> turns it into paragraphs. Every record that cannot give a
/// page is rejected with the reason (see <c>docs/web.md</c>); no input throws.
/// </summary>
public static class MainTextExtractor
{
    // Phrasing elements: Readability drops any element whose class or id looks like boilerplate ("menu", "share",
    // "comment", …), and for a <span class="guimenuitem"> in the middle of a sentence that deletes words from the article.
    private static readonly HashSet<string> Inline = new(StringComparer.OrdinalIgnoreCase)
    {
        "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp", "small",
        "span", "strong", "sub", "sup", "time", "tt", "u", "var",
    };

    private static readonly HashSet<string> HtmlTypes = new(StringComparer.OrdinalIgnoreCase) { "text/html", "application/xhtml+xml" };

    /// <summary>The page of <paramref name="entry"/>, or the reason it has none.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are not valid.</exception>
    public static MapResult<WebPage> Extract(WarcEntry entry, MainTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var o = options ?? new MainTextOptions();
        o.Validate();
        if (Unusable(entry, o) is { } reason) return MapResult<WebPage>.Reject(reason);
        try
        {
            return FromHtml(entry, o);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Library faults on hostile markup are data errors of this record, never of the run.
            return MapResult<WebPage>.Reject($"extraction failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string? Unusable(WarcEntry entry, MainTextOptions o)
    {
        if (entry.WarcType != "response") return $"not a response record (WARC-Type {entry.WarcType})";
        if (entry.HttpStatus is not (>= 200 and < 300)) return $"HTTP status {entry.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, not 2xx";
        var mediaType = entry.HttpContentType?.Split(';', 2)[0].Trim();
        if (string.IsNullOrEmpty(mediaType))
        {
            if (entry.Text is null || !LooksLikeHtml(entry.Text)) return "no Content-Type and the payload does not start as HTML";
        }
        else if (!HtmlTypes.Contains(mediaType)) return $"media type {mediaType} is not HTML";
        if (entry.Text is null) return "payload not decoded as text (Content-Encoding other than identity)";
        if (entry.Text.Contains('\0', StringComparison.Ordinal)) return "binary payload (NUL characters in the text)";
        if (entry.PayloadBytes > 0 && entry.InvalidBytes > o.MaxInvalidByteFraction * entry.PayloadBytes)
            return $"undecodable payload: {entry.InvalidBytes} of {entry.PayloadBytes} bytes invalid in {entry.Charset}";
        return null;
    }

    // Browsers sniff a type-less response as HTML when it opens with one of these tags (WHATWG MIME sniffing, 7.1).
    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart().TrimStart('\uFEFF');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<head", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }

    private static MapResult<WebPage> FromHtml(WarcEntry entry, MainTextOptions o)
    {
        var document = new HtmlParser().ParseDocument(entry.Text!);
        if (Oversized(document, o) is { } reason) return MapResult<WebPage>.Reject(reason);

        var pageUri = Uri.TryCreate(entry.TargetUri, UriKind.Absolute, out var u) ? u : null;
        // Read before Readability runs: it removes and rewrites nodes of the document it is given.
        var links = Links(document, pageUri);
        var language = LanguageHint(document, entry.HttpHeaders);
        var pageTitle = document.Title;

        KeepInlineText(document);
        string? text = null;
        var reader = new Reader(pageUri?.AbsoluteUri ?? "http://localhost/", document) { CharThreshold = o.RetryBelowChars };
        reader.AddCustomOperationEnd(article => text = BlockText.Of(article));
        var result = reader.GetArticle();
        if (!result.Completed && result.Errors.Count > 0)
            return MapResult<WebPage>.Reject($"extraction failed: {result.Errors[0].GetType().Name}: {result.Errors[0].Message}");
        if (!result.IsReadable || string.IsNullOrWhiteSpace(text)) return MapResult<WebPage>.Reject("no main text found");
        if (text.Length < o.MinTextChars) return MapResult<WebPage>.Reject($"main text of {text.Length} characters, below the minimum {o.MinTextChars}");

        var title = string.IsNullOrWhiteSpace(result.Title) ? pageTitle : result.Title;
        return new WebPage(entry.RecordId, entry.TargetUri, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), text, language, links, entry.Source, entry.Offset);
    }

    /// <summary>Drops class and id from phrasing elements so Readability never removes one as unlikely (its scoring
    /// weighs the classes of block candidates only, so the choice of article element does not change).</summary>
    private static void KeepInlineText(IHtmlDocument document)
    {
        foreach (var e in document.All)
        {
            if (!Inline.Contains(e.LocalName)) continue;
            e.RemoveAttribute("class");
            e.RemoveAttribute("id");
        }
    }

    // No depth bound is needed: AngleSharp's tree builder nests at most 512 levels (deeper start tags become siblings,
    // as in Blink), which keeps BlockText's and Readability's recursive walks far from the stack's end.
    private static string? Oversized(IHtmlDocument document, MainTextOptions o) =>
        o.MaxElements > 0 && document.All.Length > o.MaxElements ? $"more than {o.MaxElements} elements" : null;

    private static List<string> Links(IHtmlDocument document, Uri? pageUri)
    {
        var baseUri = pageUri;
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href")?.Trim();
        if (!string.IsNullOrEmpty(baseHref) && (pageUri is null ? Uri.TryCreate(baseHref, UriKind.Absolute, out var b) : Uri.TryCreate(pageUri, baseHref, out b)))
            baseUri = b;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<string>();
        foreach (var a in document.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href")!.Trim();
            var ok = baseUri is null ? Uri.TryCreate(href, UriKind.Absolute, out var abs) : Uri.TryCreate(baseUri, href, out abs);
            if (!ok || abs is null || (abs.Scheme != Uri.UriSchemeHttp && abs.Scheme != Uri.UriSchemeHttps)) continue;
            var link = abs.GetLeftPart(UriPartial.Query);
            if (seen.Add(link)) links.Add(link);
        }
        return links;
    }

    private static string? LanguageHint(IHtmlDocument document, IReadOnlyList<string> headers)
    {
        var lang = document.DocumentElement?.GetAttribute("lang")?.Trim();
        if (!string.IsNullOrEmpty(lang)) return lang;
        const string field = "Content-Language:";
        foreach (var h in headers)
        {
            if (!h.StartsWith(field, StringComparison.OrdinalIgnoreCase)) continue;
            var first = h[field.Length..].Split(',')[0].Trim();
            if (first.Length > 0) return first;
        }
        return null;
    }
}
