namespace Sluice.Operators.Web.Warc;

/// <summary>One WARC record as parsed (ISO 28500): its version line, named fields and content block.</summary>
/// <param name="Version">The version line, e.g. <c>WARC/1.0</c>.</param>
/// <param name="Fields">The header fields in order, continuation lines folded in.</param>
/// <param name="Block">The content block: exactly Content-Length bytes.</param>
internal sealed record WarcRawRecord(string Version, IReadOnlyList<KeyValuePair<string, string>> Fields, byte[] Block)
{
    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Field(string name)
    {
        foreach (var (key, value) in Fields)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }
}
