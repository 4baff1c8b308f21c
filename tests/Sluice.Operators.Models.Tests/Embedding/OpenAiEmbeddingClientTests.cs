using System.Net;
using Microsoft.Extensions.AI;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Operators.Models.Tests.Embedding;

public sealed class OpenAiEmbeddingClientTests
{
    private const int Dims = 8;

    private static OpenAiEmbeddingOptions Options(FakeEmbeddingServer server, string keyVariable = "SLUICE_TEST_NO_KEY") => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "fake-embed",
        ApiKeyEnvironmentVariable = keyVariable,
        BatchSize = 4,
        Dimensions = Dims,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private static string[] Inputs(int n) => Enumerable.Range(0, n).Select(i => $"passage number {i}").ToArray();

    [Fact]
    public async Task GenerateAsync_ManyInputs_BatchedAndInInputOrder()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        using var client = new OpenAiEmbeddingClient(Options(server));
        var inputs = Inputs(10);

        var result = await client.GenerateAsync(inputs);

        Assert.Equal(10, result.Count);
        for (int i = 0; i < inputs.Length; i++)
            Assert.Equal(FakeEmbeddingServer.VectorFor(inputs[i], Dims), result[i].Vector.ToArray());
        Assert.Equal([4, 4, 2], server.Requests.Select(r => r.Inputs.Length));
        Assert.All(server.Requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.All(server.Requests, r => Assert.Equal("fake-embed", r.Model));
        Assert.Equal(30, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_429ThenAnd503_RetriesAndSucceeds()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        server.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "0");
        server.FailNext(HttpStatusCode.ServiceUnavailable);
        using var client = new OpenAiEmbeddingClient(Options(server));
        var inputs = Inputs(3);

        var result = await client.GenerateAsync(inputs);

        Assert.Equal(3, result.Count);
        Assert.Equal(3, client.Attempts);
        for (int i = 0; i < inputs.Length; i++)
            Assert.Equal(FakeEmbeddingServer.VectorFor(inputs[i], Dims), result[i].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_RetriesExhausted_ThrowsWithStatus()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        for (int i = 0; i < 3; i++)
            server.FailNext(HttpStatusCode.BadGateway);
        using var client = new OpenAiEmbeddingClient(Options(server) with { MaxRetryAttempts = 2 });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GenerateAsync(Inputs(2)));
        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Equal(3, client.Attempts);
    }

    [Fact]
    public async Task GenerateAsync_WrongDimension_ThrowsExpectedVersusGot()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        server.WrongDimensionNext();
        using var client = new OpenAiEmbeddingClient(Options(server));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => client.GenerateAsync(Inputs(2)));
        Assert.Contains($"expected {Dims} dimensions, got {Dims + 1}", e.Message);
    }

    [Fact]
    public async Task GenerateAsync_NoDimensionsOption_LaterMismatchStillRejected()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        using var client = new OpenAiEmbeddingClient(Options(server) with { Dimensions = null });
        await client.GenerateAsync(Inputs(1));
        server.WrongDimensionNext();

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => client.GenerateAsync(Inputs(1)));
        Assert.Contains($"expected {Dims} dimensions, got {Dims + 1}", e.Message);
    }

    [Fact]
    public async Task GenerateAsync_ClientError_NotRetriedAndKeyNotInMessage()
    {
        const string variable = "SLUICE_TEST_EMBED_KEY";
        const string key = "sk-test-secret-123";
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var server = new FakeEmbeddingServer(Dims);
            server.FailNext(HttpStatusCode.Unauthorized);
            using var client = new OpenAiEmbeddingClient(Options(server, variable));

            var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GenerateAsync(Inputs(1)));
            Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
            Assert.Equal(1, client.Attempts);
            Assert.DoesNotContain(key, e.ToString());
            Assert.Equal($"Bearer {key}", server.Requests.Single().Authorization);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task GenerateAsync_NoKeyVariable_SendsNoAuthorization()
    {
        await using var server = new FakeEmbeddingServer(Dims);
        using var client = new OpenAiEmbeddingClient(Options(server));
        await client.GenerateAsync(Inputs(1));
        Assert.Null(server.Requests.Single().Authorization);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowBeforeAnyRequest()
    {
        var good = new OpenAiEmbeddingOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m" };
        Assert.Throws<ArgumentException>(() => new OpenAiEmbeddingClient(good with { Model = " " }));
        Assert.Throws<ArgumentException>(() => new OpenAiEmbeddingClient(good with { BaseUrl = new Uri("ftp://x/v1") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiEmbeddingClient(good with { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiEmbeddingClient(good with { Dimensions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiEmbeddingClient(good with { RequestTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void GetService_Metadata_NamesModelAndEndpoint()
    {
        var options = new OpenAiEmbeddingOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m", Dimensions = 16 };
        using var client = new OpenAiEmbeddingClient(options);
        var metadata = client.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("m", metadata.DefaultModelId);
        Assert.Equal(16, metadata.DefaultModelDimensions);
        Assert.Equal(options.BaseUrl, metadata.ProviderUri);
    }
}
