using System.Net;
using System.Text.RegularExpressions;

namespace Sluice.Operators.Text.Pii;

/// <summary>
/// Replaces e-mail addresses, IPv4 addresses and phone numbers in text. E-mail: DataTrove's pattern (RFC 5322's
/// common form, an IP literal allowed after <c>@</c>), matched case-insensitively — the reference's pattern is
/// lower-case only and misses <c>John.Doe@Example.COM</c>. IPv4: four dotted octets 0–255; with
/// <see cref="PiiOptions.OnlyPublicIps"/> only globally routable ones (Python's <c>is_global</c>). Phones: <c>+</c>, a
/// country code and 7–14 more digits with single spaces, dots, dashes or a bracketed area code between them, or the
/// North American <c>(555) 123-4567</c> / <c>555-123-4567</c> / <c>555.123.4567</c> forms — not a bare run of digits,
/// which is too often a number of another kind. Replacements cycle within one text, so the output depends only on
/// the text (DataTrove cycles across documents, which depends on the order they arrive in).
/// </summary>
public static partial class PiiRedactor
{
    /// <summary>The redacted text and what was replaced.</summary>
    public static (string Text, PiiCounts Counts) Redact(string text, PiiOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        int emails = 0, ips = 0, phones = 0;
        if (options.Emails) text = Email().Replace(text, _ => options.EmailReplacements[emails++ % options.EmailReplacements.Count]);
        if (options.IpAddresses)
            text = Ipv4().Replace(text, m => !options.OnlyPublicIps || IsGlobal(m.Value) ? options.IpReplacements[ips++ % options.IpReplacements.Count] : m.Value);
        if (options.Phones) text = Phone().Replace(text, _ => options.PhoneReplacements[phones++ % options.PhoneReplacements.Count]);
        return (text, new PiiCounts(emails, ips, phones));
    }

    // The special-purpose IPv4 ranges of the IANA registry that Python's ipaddress treats as not global.
    private static readonly (uint Network, int Prefix)[] NotGlobal =
    [
        (0x00000000, 8), (0x0A000000, 8), (0x64400000, 10), (0x7F000000, 8), (0xA9FE0000, 16), (0xAC100000, 12),
        (0xC0000000, 24), (0xC0000200, 24), (0xC0A80000, 16), (0xC6120000, 15), (0xC6336400, 24), (0xCB007100, 24),
        (0xF0000000, 4), (0xFFFFFFFF, 32),
    ];

    private static bool IsGlobal(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return false;
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        foreach (var (network, prefix) in NotGlobal)
            if ((value & (uint)(ulong.MaxValue << (32 - prefix))) == network) return false;
        return true;
    }

    [GeneratedRegex(@"\b[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\[(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?|[a-z0-9-]*[a-z0-9]:)\])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // Not inside a longer dotted number (a version string 1.2.3.4.5 is not an address).
    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)(?![0-9]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![\w+])(?:\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,4}\)?){2,5}|\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-][0-9]{4})(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
