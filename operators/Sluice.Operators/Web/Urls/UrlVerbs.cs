using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Web.Urls;

/// <summary>URL filters.</summary>
public static class UrlVerbs
{
    /// <summary>Rejects records whose URL's host, or a parent domain of it, is in <paramref name="blocklist"/>; the reason names the listed domain.</summary>
    [Verb(OperatorRole.Filter, Rule = "domain or parent domain listed (UT1-style blocklists, as FineWeb's URL filter)")]
    public static Flow<T> BlockDomains<T>(this Flow<T> flow, Func<T, string?> url, DomainBlocklist blocklist, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(blocklist);
        return flow.Filter(r => url(r) is { } u && blocklist.BlockedBy(u) is { } domain ? $"url_blocklist: {domain} is listed" : null, name ?? "block-domains");
    }
}
