namespace Sluice.Operators.Web.Urls;

/// <summary>
/// A set of blocked domains, matched as DataTrove's URL filter and the UT1 blocklists FineWeb uses mean them: a URL is
/// blocked when its host or any parent domain of it is listed (<c>ads.example.com</c> is blocked by
/// <c>example.com</c>), compared lower-case without a leading <c>www.</c> and without a trailing dot. Files hold one
/// domain per line; blank lines and lines starting with <c>#</c> are ignored, and a URL-shaped line is read as its host.
/// </summary>
public sealed class DomainBlocklist
{
    private readonly HashSet<string> _domains;

    private DomainBlocklist(HashSet<string> domains) => _domains = domains;

    /// <summary>How many domains are listed.</summary>
    public int Count => _domains.Count;

    /// <summary>A list of the given domains.</summary>
    public static DomainBlocklist Of(IEnumerable<string> domains) =>
        new(domains.Select(Normalize).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal));

    /// <summary>Reads a blocklist file (UT1 <c>domains</c> files, one domain a line).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static DomainBlocklist Load(string path) =>
        Of(File.ReadLines(path).Where(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#')));

    /// <summary>The listed domain that blocks <paramref name="url"/>, or null when none does (or the URL has no host).</summary>
    public string? BlockedBy(string url)
    {
        var host = HostOf(url);
        if (host is null) return null;
        for (var domain = host; domain.Length > 0;)
        {
            if (_domains.Contains(domain)) return domain;
            var dot = domain.IndexOf('.');
            if (dot < 0) break;
            domain = domain[(dot + 1)..];
        }
        return null;
    }

    private static string? HostOf(string url)
    {
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? Normalize(uri.Host) : null;
    }

    private static string Normalize(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        if (d.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(d, UriKind.Absolute, out var uri)) d = uri.Host;
        d = d.TrimEnd('.');
        return d.StartsWith("www.", StringComparison.Ordinal) ? d[4..] : d;
    }
}
