using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Cli.Tests.Serve;

/// <summary>The search API over real HTTP on loopback: answers equal the in-process search, and bad requests get a 4xx naming the problem.</summary>
public sealed class SearchServerTests(ServedSciFact served) : IClassFixture<ServedSciFact>
{
    private HttpClient Http => served.Http;

    private async Task<JsonNode> SearchAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("/search", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<(HttpStatusCode Status, string Error)> PostRawAsync(string body)
    {
        using var response = await Http.PostAsync("/search", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_Answers200WithTheDatastoreNames()
    {
        var health = JsonNode.Parse(await Http.GetStringAsync("/health"))!;
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal(["scifact"], health["datastores"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_Batch_EqualsInProcessSearchInQueryOrder()
    {
        var queries = served.Claims.Take(5).ToArray();
        var answer = await SearchAsync(new { queries, k = 10 });

        var expected = served.Index.Search(served.Embedder.EmbedToMatrix(queries), 10);
        var results = answer["results"]!.AsArray();
        Assert.Equal(queries.Length, results.Count);
        for (int q = 0; q < queries.Length; q++)
        {
            var hits = results[q]!.AsArray();
            Assert.Equal(expected[q].Select(h => h.PassageId), hits.Select(h => h!["passage_id"]!.GetValue<string>()));
            Assert.Equal(expected[q].Select(h => h.DocId), hits.Select(h => h!["doc_id"]!.GetValue<string>()));
            Assert.Equal(expected[q].Select(h => h.Score), hits.Select(h => h!["score"]!.GetValue<float>()));
            Assert.Equal(expected[q].Select(h => served.Index.Texts![h.Row]), hits.Select(h => h!["text"]!.GetValue<string>()));
        }
    }

    [Theory]
    [InlineData("bm25")]
    [InlineData("hybrid")]
    public async Task Search_LexicalModes_EqualInProcessBm25AndFusion(string mode)
    {
        var queries = served.Claims.Skip(20).Take(3).ToArray();
        var answer = (await SearchAsync(new { queries, k = 10, mode }))["results"]!.AsArray();

        var bm25 = served.Bm25.Search(queries, mode == "bm25" ? 10 : 4000);
        var expected = mode == "bm25" ? served.Index.ToHits(bm25) : served.Index.ToHits(Sluice.Operators.Search.HybridFusion.Fuse(
            Sluice.Operators.Search.InnerProductSearch.Search(served.Index.Vectors, served.Index.Dimension, served.Embedder.EmbedToMatrix(queries), 4000),
            bm25, 10));
        for (int q = 0; q < queries.Length; q++)
        {
            var hits = answer[q]!.AsArray();
            Assert.Equal(10, hits.Count);
            Assert.Equal(expected[q].Select(h => h.PassageId), hits.Select(h => h!["passage_id"]!.GetValue<string>()));
            Assert.Equal(expected[q].Select(h => h.Score), hits.Select(h => h!["score"]!.GetValue<float>()));
        }
    }

    [Fact]
    public async Task Search_Bm25WithoutAnIndex_400SaysHowToBuildOne()
    {
        await using var server = await Sluice.Cli.Serve.SearchServer.StartAsync([new Sluice.Cli.Serve.ServedDatastore("plain", served.Index)],
            served.Embedder, new Sluice.Cli.Serve.ServeOptions { Port = 0 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
        using var response = await http.PostAsJsonAsync("/search", new { queries = new[] { "statins" }, mode = "hybrid" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("--build-bm25", await response.Content.ReadAsStringAsync());
        using var dense = await http.PostAsJsonAsync("/search", new { queries = new[] { "statins" } });
        Assert.Equal(HttpStatusCode.OK, dense.StatusCode);
    }

    [Fact]
    public async Task Search_MinScore_LeavesOutWeakerHitsAndMayAnswerNothing()
    {
        var query = served.Claims[0];
        var all = (await SearchAsync(new { queries = new[] { query }, k = 20 }))["results"]![0]!.AsArray();
        var scores = all.Select(h => h!["score"]!.GetValue<float>()).ToArray();
        var threshold = scores[5];

        var kept = (await SearchAsync(new { queries = new[] { query }, k = 20, min_score = threshold }))["results"]![0]!.AsArray();
        Assert.Equal(scores.Count(s => s >= threshold), kept.Count);
        Assert.All(kept, h => Assert.True(h!["score"]!.GetValue<float>() >= threshold));

        var none = (await SearchAsync(new { queries = new[] { query }, k = 20, min_score = scores[0] + 0.01f }))["results"]![0]!.AsArray();
        Assert.Empty(none);
    }

    [Fact]
    public async Task Search_MaxPerDoc_EqualsCappingTheFullRanking()
    {
        var queries = served.Claims.Skip(10).Take(4).ToArray();
        var answer = (await SearchAsync(new { queries, k = 15, max_per_doc = 1 }))["results"]!.AsArray();

        // The reference: every passage ranked, then walked best first keeping one per document.
        var full = served.Index.Search(served.Embedder.EmbedToMatrix(queries), served.Index.Count);
        for (int q = 0; q < queries.Length; q++)
        {
            var expected = full[q].DistinctBy(h => h.DocId).Take(15).Select(h => h.PassageId);
            var hits = answer[q]!.AsArray();
            Assert.Equal(expected, hits.Select(h => h!["passage_id"]!.GetValue<string>()));
            Assert.Equal(hits.Count, hits.Select(h => h!["doc_id"]!.GetValue<string>()).Distinct().Count());
        }
    }

    [Theory]
    [InlineData("{\"queries\": [\"a\"", "malformed JSON")]
    [InlineData("[1, 2]", "malformed JSON")]
    [InlineData("{\"queries\": [\"a\"], \"max_per_dok\": 2}", "max_per_dok")]
    [InlineData("{\"queries\": []}", "non-empty array")]
    [InlineData("{\"queries\": [\"a\", null]}", "queries[1] is null")]
    [InlineData("{\"queries\": [\"a\"], \"k\": 0}", "between 1 and 100")]
    [InlineData("{\"queries\": [\"a\"], \"k\": 101}", "between 1 and 100")]
    [InlineData("{\"queries\": [\"a\"], \"max_per_doc\": 0}", "max_per_doc")]
    [InlineData("{\"queries\": [\"a\"], \"mode\": \"sparse\"}", "unknown mode 'sparse'")]
    [InlineData("{\"queries\": [\"a\"], \"datastore\": \"wiki\"}", "no datastore named 'wiki'")]
    [InlineData("null", "must be a JSON object")]
    public async Task Search_BadRequest_400NamingTheProblem(string body, string expected)
    {
        var (status, error) = await PostRawAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Search_TooManyQueries_400SaysTheLimit()
    {
        var (status, error) = await PostRawAsync(JsonSerializer.Serialize(new { queries = Enumerable.Repeat("q", 65).ToArray() }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 64", error);
    }

    [Fact]
    public async Task Search_BodyOverLimit_413()
    {
        var (status, error) = await PostRawAsync(JsonSerializer.Serialize(new { queries = new[] { new string('x', 70_000) } }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("over 65536 bytes", error);
    }

    [Fact]
    public async Task OpenApi_DescribesTheSearchEndpoint()
    {
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi.json"))!;
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/search"), document.ToJsonString());
        Assert.True(paths.ContainsKey("/health"));
        Assert.NotNull(paths["/search"]!["post"]);
    }

    [Fact]
    public async Task Stats_CountsAnsweredAndRefusedRequests()
    {
        var before = JsonNode.Parse(await Http.GetStringAsync("/stats"))!;
        await SearchAsync(new { queries = new[] { "statins", "vitamin D" } });
        await PostRawAsync("{");
        var after = JsonNode.Parse(await Http.GetStringAsync("/stats"))!;
        // Other tests of the class may run before this one, never during it (xUnit runs a class's tests one by one).
        Assert.Equal(before["queries"]!.GetValue<long>() + 2, after["queries"]!.GetValue<long>());
        Assert.Equal(before["client_errors"]!.GetValue<long>() + 1, after["client_errors"]!.GetValue<long>());
        var datastore = after["datastores"]![0]!;
        Assert.Equal(served.Index.Count, datastore["passages"]!.GetValue<int>());
        Assert.Equal(384, datastore["dimension"]!.GetValue<int>());
    }
}
