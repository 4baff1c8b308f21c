using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Tests.Llm.Endpoints;

public sealed class GovernedChatClientTests
{
    private static readonly EndpointGovernanceOptions Fast = new()
    {
        InitialConcurrency = 4,
        MaxConcurrency = 8,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        DecreaseCooldown = TimeSpan.Zero,
        Log = TextWriter.Null,
    };

    private static (IChatClient Client, EndpointStats Stats) Connect(OpenAiTestDouble server, EndpointGovernanceOptions? governance = null,
        string keyVariable = "SLUICE_TEST_NO_KEY")
    {
        var client = ChatEndpoints.OpenAiCompatible(new OpenAiCompatibleOptions { BaseUrl = server.BaseUrl, Model = "m", ApiKeyEnvironmentVariable = keyVariable },
            governance ?? Fast);
        return (client, ChatEndpoints.StatsOf(client)!);
    }

    private static Task<ChatResponse> Ask(IChatClient client, string text = "hello") =>
        client.GetResponseAsync([new ChatMessage(ChatRole.User, text)], new ChatOptions { Temperature = 0 });

    [Fact]
    public async Task GetResponse_Success_ReturnsTextAndCountsTokens()
    {
        using var server = new OpenAiTestDouble((_, last) => TestDoubleReply.Ok("echo " + last));
        var (client, stats) = Connect(server);
        var response = await Ask(client, "abcdefgh");
        Assert.Equal("echo abcdefgh", response.Text);
        var s = stats.Snapshot();
        Assert.Equal(1, s.Attempts);
        Assert.Equal(1, s.Succeeded);
        Assert.True(s.InputTokens > 0 && s.OutputTokens > 0);
        Assert.Contains("\"temperature\":0", server.Bodies[0]);
    }

    [Fact]
    public async Task GetResponse_429WithRetryAfter_WaitsAndRetriesAndCutsLimit()
    {
        using var server = new OpenAiTestDouble((n, _) => n <= 2 ? TestDoubleReply.TooMany(0.2) : TestDoubleReply.Ok("fine"));
        var (client, stats) = Connect(server);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await Ask(client);
        Assert.Equal("fine", response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"Retry-After was not honoured: {clock.Elapsed}");
        var s = stats.Snapshot();
        Assert.Equal(2, s.Throttled);
        Assert.Equal(2, s.Retries);
        Assert.True(s.ConcurrencyLimitMin < 4);
        Assert.Equal(0, s.CircuitOpenings);
    }

    [Theory]
    [InlineData("503")]
    [InlineData("drop")]
    [InlineData("malformed")]
    [InlineData("slow")]
    public async Task GetResponse_TransientFault_IsRetried(string fault)
    {
        using var server = new OpenAiTestDouble((n, _) => n > 1 ? TestDoubleReply.Ok("fine") : fault switch
        {
            "503" => TestDoubleReply.Unavailable(),
            "drop" => TestDoubleReply.Dropped(),
            "malformed" => TestDoubleReply.Malformed(),
            _ => TestDoubleReply.Slow(TimeSpan.FromMinutes(1)),
        });
        // The timeout must cut the slow first reply, never the prompt second one, however loaded the machine is (a
        // 500 ms timeout once cut both on a busy 2-core machine): a wide gap on both sides.
        var (client, stats) = Connect(server, fault == "slow" ? Fast with { AttemptTimeout = TimeSpan.FromSeconds(3) } : Fast);
        Assert.Equal("fine", (await Ask(client)).Text);
        var s = stats.Snapshot();
        Assert.True(2 == s.Attempts && 1 == s.Retries, stats.ToJson());
        switch (fault)
        {
            case "503": Assert.Equal(1, s.ServerErrors); break;
            case "drop": Assert.True(1 == s.ConnectionErrors, stats.ToJson()); break;
            case "malformed": Assert.Equal(1, s.MalformedResponses); break;
            default: Assert.Equal(1, s.Timeouts); break;
        }
    }

    [Fact]
    public async Task GetResponse_WrongKey_StopsAtOnceWithoutLoggingTheKey()
    {
        const string variable = "SLUICE_TEST_WRONG_KEY";
        Environment.SetEnvironmentVariable(variable, "sk-secret-123");
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("never"), requiredKey: "sk-right");
        var log = new StringWriter();
        var (client, _) = Connect(server, Fast with { Log = log }, variable);
        var e = await Assert.ThrowsAsync<EndpointAuthenticationException>(() => Ask(client));
        Assert.Contains(variable, e.Message);
        Assert.DoesNotContain("sk-secret-123", e.Message + log);
        await Assert.ThrowsAsync<EndpointAuthenticationException>(() => Ask(client));
        Assert.Equal(1, server.Requests);
        Assert.Equal("Bearer sk-secret-123", server.Authorizations[0]);
    }

    [Fact]
    public async Task GetResponse_EndpointDown_PausesThenStopsWithClearMessage()
    {
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Unavailable());
        var log = new StringWriter();
        var governance = Fast with
        {
            BreakAfterFailures = 3, BreakDuration = TimeSpan.FromMilliseconds(200), MaxOutage = TimeSpan.FromMilliseconds(900), MaxRetries = 100, Log = log,
        };
        var (client, stats) = Connect(server, governance);
        var e = await Assert.ThrowsAsync<EndpointUnavailableException>(() => Task.WhenAll(Enumerable.Range(0, 8).Select(i => Ask(client, $"q{i}"))));
        Assert.Contains("resume", e.Message);
        Assert.Contains("pausing", log.ToString());
        // While paused only probes are sent: far fewer than 8 requests × 100 retries.
        Assert.InRange(server.Requests, 3, 30);
        Assert.True(stats.Snapshot().CircuitOpenings >= 1);
    }

    [Fact]
    public async Task GetResponse_BadRequest_IsNotRetried()
    {
        using var server = new OpenAiTestDouble((_, _) => new TestDoubleReply { Status = 400 });
        var (client, stats) = Connect(server);
        var e = await Assert.ThrowsAsync<EndpointHttpException>(() => Ask(client));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, stats.Retries);
    }

    [Fact]
    public async Task GetResponse_ManyCallers_NeverExceedsConcurrencyLimit()
    {
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("x", TimeSpan.FromMilliseconds(30)));
        var (client, _) = Connect(server, Fast with { InitialConcurrency = 3, MaxConcurrency = 3 });
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Ask(client, $"q{i}")));
        Assert.InRange(server.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task GetResponse_RequestsPerMinute_SpacesRequests()
    {
        using var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("x"));
        // 600/min, bucket of 600: the first 600 go at once; budget shows in the pipeline without waiting a minute.
        var (client, stats) = Connect(server, Fast with { RequestsPerMinute = 600, TokensPerMinute = 100_000 });
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Ask(client, $"q{i}")));
        Assert.Equal(10, stats.Snapshot().Succeeded);
    }

    [Fact]
    public void Options_Invalid_ThrowBeforeAnyRequest()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EndpointGovernanceOptions { DecreaseFactor = 1.5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EndpointGovernanceOptions { InitialConcurrency = 100, MaxConcurrency = 64 }.Validate());
        Assert.Throws<ArgumentException>(() => new OpenAiCompatibleOptions { BaseUrl = new Uri("ftp://x/"), Model = "m" }.Validate());
    }
}
