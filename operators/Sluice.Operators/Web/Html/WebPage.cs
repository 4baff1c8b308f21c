namespace Sluice.Operators.Web.Html;

/// <summary>
/// A page's main text as <c>ExtractMainText</c> yields it from a WARC response record: the text without navigation,
/// headers, footers and other boilerplate, with the page's title, language hint and links.
/// </summary>
/// <param name="Id">The WARC-Record-ID of the response record (<c>&lt;urn:uuid:…&gt;</c>).</param>
/// <param name="Url">The page's URL (WARC-Target-URI).</param>
/// <param name="Title">The title Readability chose: JSON-LD or Open Graph, else <c>&lt;title&gt;</c>, cut at a separator
/// (<c>|</c>, <c>-</c>, <c>»</c>, …) when the part before it keeps more than four words; null when the page has none.</param>
/// <param name="Text">The main text: one paragraph per block element, paragraphs separated by a blank line, lines within a
/// paragraph (<c>&lt;br&gt;</c>) by one newline, whitespace collapsed except in <c>&lt;pre&gt;</c>.</param>
/// <param name="Language">The page's declared language, as written: the <c>lang</c> attribute of <c>&lt;html&gt;</c>, else the
/// first value of the <c>Content-Language</c> header; null when neither is there. A hint, not an identification.</param>
/// <param name="Links">Every <c>&lt;a href&gt;</c> of the whole page (not only the main text), resolved against
/// <c>&lt;base href&gt;</c> or the URL; http and https only, fragment removed, first occurrence order, no duplicates.</param>
/// <param name="Source">The WARC file's URI.</param>
/// <param name="Offset">The record's byte offset in that file (of its gzip member for <c>.warc.gz</c>).</param>
public sealed record WebPage(
    string? Id,
    string? Url,
    string? Title,
    string Text,
    string? Language,
    IReadOnlyList<string> Links,
    string Source,
    long Offset);
