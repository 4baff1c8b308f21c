using System.Globalization;
using System.Text;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// An HTTP/1.x message as a WARC <c>response</c> or <c>request</c> record holds it (<c>application/http</c>): the
/// start line, the header fields and the body. A chunked body (Transfer-Encoding: chunked) is de-chunked; other
/// transfer and content codings are left as sent.
/// </summary>
/// <param name="Status">The status code of a response; null for a request.</param>
/// <param name="Headers">The header fields as <c>Name: value</c> lines, in order.</param>
/// <param name="Body">The body (the WARC payload).</param>
internal sealed record HttpMessage(int? Status, IReadOnlyList<string> Headers, byte[] Body)
{
    /// <summary>The first header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var line in Headers)
            if (line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                return line[(name.Length + 1)..].Trim();
        return null;
    }

    /// <summary>Parses a message; null with <paramref name="error"/> when the start line or header is not HTTP/1.x.</summary>
    public static HttpMessage? Parse(byte[] block, bool response, out string? error)
    {
        error = null;
        var span = block.AsSpan();
        var end = span.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (end < 0 && span.IndexOf("\n\n"u8) is var lf and >= 0) (end, separator) = (lf, 2);
        if (end < 0)
        {
            error = "the HTTP header has no end (no empty line)";
            return null;
        }
        // Header bytes beyond ASCII are ISO-8859-1 by RFC 9110's history; Latin-1 never fails.
        var lines = Encoding.Latin1.GetString(span[..end]).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int? status = null;
        if (response)
        {
            var parts = lines[0].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 999)
            {
                error = $"not an HTTP status line: '{Shorten(lines[0])}'";
                return null;
            }
            status = code;
        }
        var headers = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && headers.Count > 0) headers[^1] += " " + line.Trim();
            else if (line.Contains(':', StringComparison.Ordinal)) headers.Add(NormalizeLine(line));
        }
        var body = block[(end + separator)..];
        var message = new HttpMessage(status, headers, body);
        if (message.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true &&
            Dechunk(body) is { } whole)
            message = message with { Body = whole };
        return message;
    }

    private static string NormalizeLine(string line)
    {
        var colon = line.IndexOf(':');
        return $"{line[..colon].Trim()}: {line[(colon + 1)..].Trim()}";
    }

    // The body of a chunked transfer coding (RFC 9112 §7.1), or null when it is not well formed.
    private static byte[]? Dechunk(byte[] body)
    {
        using var whole = new MemoryStream(body.Length);
        var pos = 0;
        while (true)
        {
            var eol = body.AsSpan(pos).IndexOf("\r\n"u8);
            if (eol < 0) return null;
            var sizeText = Encoding.ASCII.GetString(body, pos, eol).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0) return null;
            pos += eol + 2;
            if (size == 0) return whole.ToArray();
            if (pos + size > body.Length) return null;
            whole.Write(body, pos, size);
            pos += size + 2;
        }
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
