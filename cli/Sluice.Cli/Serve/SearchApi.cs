using System.Text.Json.Serialization;

namespace Sluice.Cli.Serve;

/// <summary>
/// The body of <c>POST /search</c>. Unknown fields are refused (a misspelt <c>max_per_doc</c> must not be ignored
/// silently).
/// </summary>
/// <param name="Queries">Query texts, answered in this order.</param>
/// <param name="K">Passages per query (default 10).</param>
/// <param name="Mode"><c>dense</c> (default), <c>bm25</c> or <c>hybrid</c>.</param>
/// <param name="MinScore">Hits scoring below it are left out, so a query may get none (EWE's thresholded retrieval).</param>
/// <param name="MaxPerDoc">At most this many passages of one document per query (OpenScholar keeps 3 per paper).</param>
/// <param name="Datastore">Which served datastore; may be left out when only one is served.</param>
public sealed record SearchRequest(
    [property: JsonPropertyName("queries")] IReadOnlyList<string>? Queries,
    [property: JsonPropertyName("k")] int? K = null,
    [property: JsonPropertyName("mode")] string? Mode = null,
    [property: JsonPropertyName("min_score")] float? MinScore = null,
    [property: JsonPropertyName("max_per_doc")] int? MaxPerDoc = null,
    [property: JsonPropertyName("datastore")] string? Datastore = null);

/// <summary>One passage in an answer.</summary>
public sealed record SearchResultHit(
    [property: JsonPropertyName("passage_id")] string PassageId,
    [property: JsonPropertyName("doc_id")] string DocId,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("text")] string? Text);

/// <summary>The answer to <c>POST /search</c>: one hit list per query, in query order, best first.</summary>
public sealed record SearchResponse([property: JsonPropertyName("results")] IReadOnlyList<IReadOnlyList<SearchResultHit>> Results);

/// <summary>The body of every 4xx/5xx answer.</summary>
public sealed record ErrorResponse([property: JsonPropertyName("error")] string Error);

/// <summary>Source-generated JSON for the API's types (no reflection at run time, and names fixed by the attributes).</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ServerStatsSnapshot))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class SearchApiJson : JsonSerializerContext;

/// <summary>The answer to <c>GET /health</c>.</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("datastores")] IReadOnlyList<string> Datastores);
