using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// Decodes a payload to text by the rule a browser uses, simplified from the WHATWG Encoding and HTML standards
/// (encoding sniffing, https://html.spec.whatwg.org/#encoding-sniffing-algorithm): a byte-order mark first, then the
/// <c>charset</c> of the Content-Type header, then for HTML a <c>&lt;meta charset&gt;</c> or
/// <c>&lt;meta http-equiv="Content-Type" content="…; charset=…"&gt;</c> in the first 1024 bytes, else UTF-8. Labels
/// map as WHATWG maps them: <c>iso-8859-1</c>, <c>latin1</c> and <c>us-ascii</c> mean windows-1252, and a
/// <c>utf-16</c> label in a meta tag means UTF-8. A label .NET does not know is skipped as if absent. Invalid bytes
/// become U+FFFD and are counted; nothing throws.
/// </summary>
/// <remarks>The meta scan is a pattern over the first 1024 bytes, not the standard's tokenizing prescan: a charset
/// inside a comment or script there is taken too.</remarks>
internal static partial class PayloadDecoder
{
    /// <summary>Bytes of an HTML document searched for a meta charset: 1024, as the HTML standard's prescan.</summary>
    public const int MetaScanBytes = 1024;

    static PayloadDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// True for media types whose payload is text: <c>text/*</c>, HTML, XML (<c>+xml</c>) and JSON, the types a text
    /// pipeline reads.
    /// </summary>
    public static bool IsText(string? mediaType)
    {
        if (mediaType is null) return false;
        var type = MediaType(mediaType);
        return type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("html", StringComparison.Ordinal) ||
            type.EndsWith("xml", StringComparison.Ordinal) || type.EndsWith("json", StringComparison.Ordinal);
    }

    /// <summary>The media type of a Content-Type value, lower case, without parameters.</summary>
    public static string MediaType(string contentType)
    {
        var semi = contentType.IndexOf(';');
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }

    /// <summary>The <c>charset</c> parameter of a Content-Type value, unquoted; null when it has none.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';').Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || !part[..eq].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            var value = part[(eq + 1)..].Trim().Trim('"', '\'').Trim();
            return value.Length == 0 ? null : value;
        }
        return null;
    }

    /// <summary>Decodes <paramref name="payload"/> served as <paramref name="contentType"/> (may be null).</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> payload, string? contentType)
    {
        var (encoding, name, source, skip) = Choose(payload, contentType);
        // Valid UTF-8, the common case, takes the framework's vectorised path; a custom fallback would leave it.
        if (encoding.CodePage == Encoding.UTF8.CodePage && System.Text.Unicode.Utf8.IsValid(payload[skip..]))
            return new DecodedText(Encoding.UTF8.GetString(payload[skip..]), name, source, 0);
        var fallback = new CountingDecoderFallback();
        var decoder = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, fallback);
        // One GetChars pass: GetString counts chars first and would call the fallback twice per invalid sequence.
        var bytes = payload[skip..];
        var chars = new char[decoder.GetMaxCharCount(bytes.Length)];
        var length = decoder.GetChars(bytes, chars);
        return new DecodedText(new string(chars, 0, length), name, source, fallback.InvalidBytes);
    }

    private static (Encoding Encoding, string Name, string Source, int Skip) Choose(ReadOnlySpan<byte> payload, string? contentType)
    {
        if (payload.StartsWith("\xEF\xBB\xBF"u8)) return (Encoding.UTF8, "utf-8", "bom", 3);
        if (payload.StartsWith([(byte)0xFE, (byte)0xFF])) return (Encoding.BigEndianUnicode, "utf-16be", "bom", 2);
        if (payload.StartsWith([(byte)0xFF, (byte)0xFE])) return (Encoding.Unicode, "utf-16le", "bom", 2);
        if (Resolve(CharsetOf(contentType), fromMeta: false) is { } header) return (header.Encoding, header.Name, "header", 0);
        if (contentType is null || MediaType(contentType).Contains("html", StringComparison.Ordinal))
        {
            // Every encoding a meta tag can name is ASCII-compatible for the bytes of the tag, so Latin-1 reads it.
            var head = Encoding.Latin1.GetString(payload[..Math.Min(payload.Length, MetaScanBytes)]);
            var meta = MetaCharset().Match(head);
            if (meta.Success && Resolve(meta.Groups[1].Value, fromMeta: true) is { } found) return (found.Encoding, found.Name, "meta", 0);
        }
        return (Encoding.UTF8, "utf-8", "default", 0);
    }

    /// <summary>The encoding a label names, by WHATWG's mapping where it differs from .NET's; null when unknown.</summary>
    private static (Encoding Encoding, string Name)? Resolve(string? label, bool fromMeta)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        var key = label.Trim().ToLowerInvariant();
        switch (key)
        {
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return (Encoding.UTF8, "utf-8");
            case "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "iso_8859-1" or "cp1252" or "windows-1252" or "x-cp1252":
                return (Encoding.GetEncoding(1252), "windows-1252");
            case "utf-16" or "utf-16le" or "utf-16be" when fromMeta:
                return (Encoding.UTF8, "utf-8");
        }
        try
        {
            var encoding = Encoding.GetEncoding(key);
            return (encoding, encoding.WebName);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
