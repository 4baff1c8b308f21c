using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Operators.Tests.Llm.Endpoints;

namespace Sluice.Operators.Tests.Adversarial;

/// <summary>A refused key and a full queue of waiting requests; a concurrency limit under a real loopback server.</summary>
[Trait("Category", "Adversarial")]
public sealed class EndpointGovernanceAdversarialTests
{
    private static IChatClient Connect(Uri baseUrl, EndpointGovernanceOptions governance) =>
        ChatEndpoints.OpenAiCompatible(new OpenAiCompatibleOptions { BaseUrl = baseUrl, Model = "m", ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY_SET" }, governance);

    private static Task<ChatResponse> Ask(IChatClient client, int i) => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")]);

    [Theory]
    [InlineData(1, 150)]
    [InlineData(4, 150)]
    [InlineData(16, 300)]
    public async Task GetResponse_401WithRequestsWaiting_NoneLeavesAfterIt_AndItIsLoggedOnce(int limit, int requests)
    {
        // Every request is refused (no key is sent; the server wants one), so at most the first `limit`, sent before
        // any answer came back, may reach the server.
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("never"), requiredKey: "sk-right");
        var log = new StringWriter();
        var client = Connect(server.BaseUrl, new EndpointGovernanceOptions
        {
            InitialConcurrency = limit, MaxConcurrency = limit, Log = TextWriter.Synchronized(log),
        });
        var calls = Enumerable.Range(0, requests).Select(i => Ask(client, i)).ToArray();
        var all = Task.WhenAll(calls);
        await Assert.ThrowsAnyAsync<Exception>(() => all.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.All(calls, c => Assert.IsType<EndpointAuthenticationException>(c.Exception?.InnerException));
        Assert.True(server.Requests <= limit, $"{server.Requests} requests reached the server after a 401 with limit {limit}");
        var messages = calls.Select(c => c.Exception!.InnerException!.Message).Distinct().ToArray();
        Assert.Single(messages);
        var logged = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, logged.Count(l => l.Contains("refused the API key", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1, 60, 1)]
    [InlineData(3, 200, 2)]
    [InlineData(8, 400, 3)]
    [InlineData(64, 640, 4)]
    public async Task GetResponse_ManyConcurrentRequests_ServerNeverSeesMoreThanTheLimit(int limit, int requests, int seed)
    {
        using var server = new CountingChatServer(seed, maxDelayMs: 8);
        var client = Connect(server.BaseUrl, new EndpointGovernanceOptions
        {
            InitialConcurrency = limit, MaxConcurrency = limit, Log = TextWriter.Null,
        });
        await Task.WhenAll(Enumerable.Range(0, requests).Select(i => Ask(client, i)));
        Assert.Equal(requests, server.Requests);
        Assert.True(server.MaxInFlight <= limit, $"the server saw {server.MaxInFlight} requests in flight at a limit of {limit}");
    }
}
