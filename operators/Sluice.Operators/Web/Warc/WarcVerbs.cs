using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Web.Warc;

/// <summary>The <c>ReadWarc</c> verb.</summary>
public static class WarcVerbs
{
    /// <summary>
    /// Reads WARC and WET files (<c>.warc</c>, <c>.warc.gz</c> one member per record, <c>.warc.wet.gz</c>): one
    /// record per WARC record of the chosen types (default <c>response</c> and <c>conversion</c>), with the HTTP status,
    /// headers, payload bytes and, for text payloads, the decoded text.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    [Verb(OperatorRole.Source, Rule = "ISO 28500 WARC/1.0–1.1 records; gzip members split at their trailers; text decoded BOM > HTTP charset > <meta> charset in the first 1024 bytes > UTF-8, WHATWG labels, invalid bytes replaced and counted")]
    public static Flow<WarcEntry> ReadWarc(this PipelineBuilder p, string uri, WarcSourceOptions? options = null, string? name = null) =>
        p.Read(new WarcSource(uri, options), name ?? "read-warc");
}
