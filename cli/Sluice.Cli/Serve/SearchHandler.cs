using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Cli.Serve;

/// <summary>Checks one search request, embeds its queries and answers from the named datastore.</summary>
internal sealed class SearchHandler(IReadOnlyDictionary<string, ServedDatastore> datastores, MiniLmEmbedder embedder, ServeOptions options,
    ServerStats stats)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var clock = Stopwatch.StartNew();
        var ct = http.RequestAborted;
        try
        {
            SearchRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync(http.Request.Body, SearchApiJson.Default.SearchRequest, ct);
            }
            catch (JsonException e)
            {
                return Fail(StatusCodes.Status400BadRequest, $"malformed JSON: {e.Message}");
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Fail(e.StatusCode, $"request body over {options.MaxBodyBytes} bytes");
            }
            catch (BadHttpRequestException e)
            {
                // A body shorter than its Content-Length (the client hung up part-way) is the client's fault, not ours.
                return Fail(e.StatusCode, $"bad request body: {e.Message}");
            }
            if (Check(request) is { } problem) return Fail(StatusCodes.Status400BadRequest, problem);

            var datastore = request!.Datastore is { } name ? datastores[name] : datastores.Values.Single();
            var mode = request.Mode ?? "dense";
            // BM25 alone needs no vectors: skip the embedding model.
            var vectors = mode == "bm25" ? [] : embedder.EmbedToMatrix(request.Queries!, ct);
            var hits = datastore.Search(mode, request.Queries!, vectors, request.K ?? 10, request.MinScore, request.MaxPerDoc, ct);
            var texts = datastore.Index.Texts;
            var results = hits.Select(list => (IReadOnlyList<SearchResultHit>)list
                .Select(h => new SearchResultHit(h.PassageId, h.DocId, h.Score, texts?[h.Row])).ToArray()).ToArray();
            stats.Answered(request.Queries!.Count, clock.Elapsed);
            return Results.Json(new SearchResponse(results), SearchApiJson.Default.SearchResponse);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer, and the others are not disturbed.
            return Results.Empty;
        }
        catch (Exception e)
        {
            stats.ServerError();
            return Results.Json(new ErrorResponse($"search failed: {e.Message}"), SearchApiJson.Default.ErrorResponse,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    // Every rule a request can break, in the order a reader of the error would fix them.
    private string? Check(SearchRequest? request)
    {
        if (request is null) return "the body must be a JSON object such as {\"queries\": [\"...\"], \"k\": 10}";
        if (request.Queries is null || request.Queries.Count == 0) return "\"queries\" must be a non-empty array of strings";
        if (request.Queries.Count > options.MaxQueriesPerRequest)
            return $"{request.Queries.Count} queries in one request; at most {options.MaxQueriesPerRequest} (split the batch)";
        for (int i = 0; i < request.Queries.Count; i++)
            if (request.Queries[i] is null) return $"queries[{i}] is null; every query must be a string";
        if (request.K is { } k && (k < 1 || k > options.MaxK)) return $"\"k\" must be between 1 and {options.MaxK}, got {k}";
        if (request.MaxPerDoc is < 1) return $"\"max_per_doc\" must be at least 1, got {request.MaxPerDoc}";
        if (request.MinScore is { } min && !float.IsFinite(min)) return "\"min_score\" must be a finite number";
        var mode = request.Mode ?? "dense";
        if (mode is not ("dense" or "bm25" or "hybrid")) return $"unknown mode '{mode}'; use dense, bm25 or hybrid";
        if (request.Datastore is { } name && !datastores.ContainsKey(name))
            return $"no datastore named '{name}'; this server has {string.Join(", ", datastores.Keys.Order(StringComparer.Ordinal))}";
        if (request.Datastore is null && datastores.Count > 1)
            return $"this server has {datastores.Count} datastores; name one in \"datastore\" ({string.Join(", ", datastores.Keys.Order(StringComparer.Ordinal))})";
        var datastore = request.Datastore is { } chosen ? datastores[chosen] : datastores.Values.Single();
        if (mode != "dense" && datastore.Bm25 is null)
            return $"mode '{mode}' needs a BM25 index beside datastore '{datastore.Name}' (_bm25/), which it has not: build one with " +
                   $"`sluice search {datastore.Index.Uri} --mode bm25 --build-bm25 --query x`, then restart the server";
        return null;
    }

    private IResult Fail(int status, string message)
    {
        stats.ClientError();
        return Results.Json(new ErrorResponse(message), SearchApiJson.Default.ErrorResponse, statusCode: status);
    }
}
