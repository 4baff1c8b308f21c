using System.Globalization;

namespace Sluice.Operators.Web.Warc;

/// <summary>Turns a parsed <see cref="WarcRawRecord"/> into a <see cref="WarcEntry"/>: HTTP parsing and text decoding.</summary>
internal static class WarcEntryFactory
{
    /// <summary>
    /// The entry for <paramref name="raw"/>, or null with <paramref name="error"/> when it cannot be one (no WARC-Type,
    /// an <c>application/http</c> block that is not HTTP).
    /// </summary>
    public static WarcEntry? Create(WarcRawRecord raw, string source, long offset, bool decodeText, out string? error)
    {
        error = null;
        var type = raw.Field("WARC-Type");
        if (string.IsNullOrEmpty(type))
        {
            error = "the record has no WARC-Type";
            return null;
        }
        var contentType = raw.Field("Content-Type");
        var date = DateTimeOffset.TryParse(raw.Field("WARC-Date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null;
        // WARC/1.0's grammar put the target URI in angle brackets and some writers (wget) still do; 1.1 dropped them.
        var target = raw.Field("WARC-Target-URI") is { } t && t.StartsWith('<') && t.EndsWith('>') ? t[1..^1] : raw.Field("WARC-Target-URI");
        var entry = new WarcEntry(type, raw.Field("WARC-Record-ID"), target, date, contentType,
            null, [], null, null, null, raw.Block, null, 0, source, offset);

        var payloadType = contentType;
        if (contentType is not null && PayloadDecoder.MediaType(contentType) == "application/http")
        {
            var http = HttpMessage.Parse(raw.Block, response: type.Equals("response", StringComparison.OrdinalIgnoreCase), out var why);
            if (http is null)
            {
                error = $"{type} record {entry.RecordId}: {why}";
                return null;
            }
            payloadType = http.Header("Content-Type");
            entry = entry with { HttpStatus = http.Status, HttpHeaders = http.Headers, HttpContentType = payloadType, Payload = http.Body };
            // A compressed body is not text until it is decompressed, which this source leaves to the user.
            if (http.Header("Content-Encoding") is { } coding && !coding.Equals("identity", StringComparison.OrdinalIgnoreCase)) return entry;
        }
        if (!decodeText || !PayloadDecoder.IsText(payloadType)) return entry;
        var text = PayloadDecoder.Decode(entry.Payload, payloadType);
        return entry with { Text = text.Text, Charset = text.Charset, CharsetSource = text.CharsetSource, InvalidBytes = text.InvalidBytes };
    }
}
