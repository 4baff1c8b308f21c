using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Tests.Llm.Endpoints;

public sealed class ResponseCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private IChatClient Connect(OpenAiTestDouble server) =>
        ChatEndpoints.OpenAiCompatible(new OpenAiCompatibleOptions { BaseUrl = server.BaseUrl, Model = "m", ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY" },
            new EndpointGovernanceOptions { Log = TextWriter.Null }, cacheUri: _dir);

    private static readonly ChatOptions Sampling = new() { Temperature = 0.8f, TopP = 0.9f, MaxOutputTokens = 256, Seed = 1 };

    [Fact]
    public async Task GetResponse_RepeatedAndLaterRun_SendsNothingTwice()
    {
        using var server = new OpenAiTestDouble((n, last) => TestDoubleReply.Ok($"answer {n} to {last}"));
        var first = Connect(server);
        var a = await first.GetResponseAsync([new ChatMessage(ChatRole.User, "q1")], Sampling);
        var b = await first.GetResponseAsync([new ChatMessage(ChatRole.User, "q1")], Sampling);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(1, server.Requests);

        // A later run (new client, same store) is answered from the objects.
        var second = Connect(server);
        var c = await second.GetResponseAsync([new ChatMessage(ChatRole.User, "q1")], Sampling);
        Assert.Equal(a.Text, c.Text);
        Assert.Equal(1, server.Requests);
        var stats = ChatEndpoints.StatsOf(second)!.Snapshot();
        Assert.Equal(1, stats.CacheHits);
        Assert.Equal(0, stats.CacheMisses);
        Assert.Equal(0, stats.Attempts);

        var files = Directory.GetFiles(Path.Combine(_dir, "cache"), "*.json", SearchOption.AllDirectories);
        var file = Assert.Single(files);
        Assert.Equal(Path.GetFileName(Path.GetDirectoryName(file)), Path.GetFileName(file)[..2]);
    }

    [Fact]
    public async Task GetResponse_DifferentDecoding_IsADifferentEntry()
    {
        using var server = new OpenAiTestDouble((n, _) => TestDoubleReply.Ok($"answer {n}"));
        var client = Connect(server);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], Sampling);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { Temperature = 0.8f, TopP = 0.9f, MaxOutputTokens = 256, Seed = 2 });
        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "s"), new ChatMessage(ChatRole.User, "q")], Sampling);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task GetResponse_ConcurrentIdentical_OneRequest()
    {
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("x", TimeSpan.FromMilliseconds(100)));
        var client = Connect(server);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetResponseAsync([new ChatMessage(ChatRole.User, "same")], Sampling)));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task GetResponse_Error_IsNotCached()
    {
        using var server = new OpenAiTestDouble((n, _) => n == 1 ? new TestDoubleReply { Status = 400 } : TestDoubleReply.Ok("ok"));
        var client = Connect(server);
        await Assert.ThrowsAsync<EndpointHttpException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], Sampling));
        Assert.Equal("ok", (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], Sampling)).Text);
    }

    [Fact]
    public void Key_IsCanonical()
    {
        ChatMessage[] messages = [new(ChatRole.User, "q")];
        var a = ResponseCacheKey.Compute("m", new ChatOptions { Temperature = 0.8f, AdditionalProperties = new() { ["b"] = 1, ["a"] = "x" } }, messages);
        var b = ResponseCacheKey.Compute("m", new ChatOptions { AdditionalProperties = new() { ["a"] = "x", ["b"] = 1 }, Temperature = 0.8f }, messages);
        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
        Assert.NotEqual(a, ResponseCacheKey.Compute("m2", new ChatOptions { Temperature = 0.8f, AdditionalProperties = new() { ["b"] = 1, ["a"] = "x" } }, messages));
    }

    [Fact]
    public async Task Stats_SaveAsync_WritesJson()
    {
        var stats = new EndpointStats("e");
        using var store = ObjectStores.Open(_dir);
        await stats.SaveAsync(store);
        var json = await File.ReadAllTextAsync(Path.Combine(_dir, "endpoint-stats.json"));
        Assert.Contains("\"cache_hits\": 0", json);
        Assert.Contains("\"latency_p99_ms\"", json);
    }
}
