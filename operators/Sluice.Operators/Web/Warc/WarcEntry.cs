using System.Text.Json.Serialization;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// One WARC record as <c>ReadWarc</c> yields it: the WARC fields, for <c>response</c> (and <c>request</c>) records the
/// HTTP message, the payload bytes and, for text payloads, the text decoded by the rule of <c>docs/web.md</c>.
/// </summary>
/// <param name="WarcType">WARC-Type: <c>response</c>, <c>request</c>, <c>conversion</c>, <c>resource</c>, <c>metadata</c>, <c>warcinfo</c>, ….</param>
/// <param name="RecordId">WARC-Record-ID, as written (<c>&lt;urn:uuid:…&gt;</c>).</param>
/// <param name="TargetUri">WARC-Target-URI without the angle brackets WARC/1.0 writers such as wget put around it; null for records without one (warcinfo).</param>
/// <param name="Date">WARC-Date; null when missing or not a date.</param>
/// <param name="ContentType">The WARC record's Content-Type (<c>application/http; msgtype=response</c>, <c>text/plain</c>, …).</param>
/// <param name="HttpStatus">The HTTP status code of a response record; null for other records.</param>
/// <param name="HttpHeaders">The HTTP header fields as <c>Name: value</c>, in order; empty for non-HTTP records.</param>
/// <param name="HttpContentType">The HTTP Content-Type header of a response; null when absent or not HTTP.</param>
/// <param name="Charset">The encoding <paramref name="Text"/> was decoded with (WHATWG name); null without text.</param>
/// <param name="CharsetSource">Where <paramref name="Charset"/> came from: <c>bom</c>, <c>header</c>, <c>meta</c> or <c>default</c>.</param>
/// <param name="Payload">The payload: the HTTP body (de-chunked) of HTTP records, else the whole block. Left out of
/// reject records (JSON) to keep them small; see <see cref="PayloadBytes"/>.</param>
/// <param name="Text">The payload as text for text media types (<c>text/*</c>, HTML, XML, JSON; a WET conversion
/// record's text); null for binary payloads and for bodies with a Content-Encoding other than identity.</param>
/// <param name="InvalidBytes">Bytes of the payload that were invalid in <paramref name="Charset"/> and became U+FFFD.</param>
/// <param name="Source">The WARC file's URI.</param>
/// <param name="Offset">Byte offset in the file of the record (plain WARC) or of its gzip member (.warc.gz).</param>
public sealed record WarcEntry(
    string WarcType,
    string? RecordId,
    string? TargetUri,
    DateTimeOffset? Date,
    string? ContentType,
    int? HttpStatus,
    IReadOnlyList<string> HttpHeaders,
    string? HttpContentType,
    string? Charset,
    string? CharsetSource,
    [property: JsonIgnore] byte[]? Payload,
    string? Text,
    int InvalidBytes,
    string Source,
    long Offset)
{
    /// <summary>Payload size in bytes (0 when there is none); kept in reject records instead of the bytes.</summary>
    public int PayloadBytes => Payload?.Length ?? 0;
}
