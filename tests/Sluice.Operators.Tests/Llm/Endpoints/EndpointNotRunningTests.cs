using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Tests.Llm.Endpoints;

/// <summary>An endpoint with no server behind it fails at once, saying how to start one; an endpoint that has answered
/// before and then refuses is an outage and is retried.</summary>
public sealed class EndpointNotRunningTests
{
    private static readonly EndpointGovernanceOptions Patient = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetries = 6,
        Log = TextWriter.Null,
    };

    [Fact]
    public async Task NoServerAtTheAddress_FailsAtOnce_NamingHowToStartOne()
    {
        var client = ChatEndpoints.OpenAiCompatible(new OpenAiCompatibleOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/v1"), Model = "m", ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY",
        }, Patient);

        var e = await Assert.ThrowsAsync<EndpointUnavailableException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]));

        Assert.Contains("has not answered once", e.Message);
        Assert.Contains("vllm serve", e.Message);
        Assert.Contains("llama-server", e.Message);
        // Retried as an outage it would be seven attempts over seconds of backoff; a missing server is said at once.
        Assert.Equal(1, ChatEndpoints.StatsOf(client)!.Attempts);
    }

    [Fact]
    public async Task ServerThatAnsweredThenStops_IsRetriedAsAnOutage()
    {
        var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("fine"));
        var client = ChatEndpoints.OpenAiCompatible(new OpenAiCompatibleOptions
        {
            BaseUrl = server.BaseUrl, Model = "m", ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY",
        }, Patient with { MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);
        server.Dispose();

        var e = await Assert.ThrowsAsync<EndpointUnavailableException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "again")]));

        Assert.Contains("failed 2 attempts", e.Message);
        Assert.Equal(3, ChatEndpoints.StatsOf(client)!.Attempts);
    }

    // A port nothing listens on: bound once to learn a free number, then closed.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
