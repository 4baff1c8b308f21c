using System.Net;
using Amazon.S3;
using Polly;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Objects;

/// <summary>Settings and retry policy, without a server.</summary>
public sealed class S3SettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void FromEnvironment_NoEndpoint_MeansAwsWithVirtualHosts()
    {
        var s = S3Settings.FromEnvironment(Env());
        Assert.Null(s.ServiceUrl);
        Assert.False(s.ForcePathStyle);
        Assert.Equal("us-east-1", s.Region);
        Assert.Equal(6, s.MaxAttempts);
        Assert.Equal(8 << 20, s.PartSize);
    }

    [Fact]
    public void FromEnvironment_EndpointPrecedence_SluiceFirst()
    {
        var s = S3Settings.FromEnvironment(Env(("AWS_ENDPOINT_URL", "http://c"), ("AWS_ENDPOINT_URL_S3", "http://b"),
            ("SLUICE_S3_ENDPOINT", "http://a"), ("AWS_DEFAULT_REGION", "eu-west-1")));
        Assert.Equal("http://a", s.ServiceUrl);
        Assert.True(s.ForcePathStyle);
        Assert.Equal("eu-west-1", s.Region);
        Assert.Equal("http://b", S3Settings.FromEnvironment(Env(("AWS_ENDPOINT_URL", "http://c"), ("AWS_ENDPOINT_URL_S3", "http://b"))).ServiceUrl);
        Assert.Equal("ap-south-1", S3Settings.FromEnvironment(Env(("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "x"))).Region);
    }

    [Fact]
    public void ToString_UrlWithUserInfo_HidesIt()
    {
        var text = new S3Settings { ServiceUrl = "http://key:topsecret@127.0.0.1:7480" }.ToString();
        Assert.DoesNotContain("topsecret", text);
        Assert.Contains("127.0.0.1:7480", text);
    }

    [Fact]
    public void Validate_PartSizeBelowS3Minimum_Throws() =>
        Assert.Throws<ArgumentException>(() => new S3Settings { PartSize = 1 << 20 }.Validate());

    [Fact]
    public void CreateClient_CustomEndpoint_UsesCompatibleSettings()
    {
        using var client = new S3Settings { ServiceUrl = "http://127.0.0.1:1", ForcePathStyle = true, Region = "eu-west-1" }.CreateClient();
        var config = (AmazonS3Config)client.Config;
        Assert.True(config.ForcePathStyle);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.Equal(Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown", true)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", true)]
    [InlineData(HttpStatusCode.BadRequest, "RequestTimeout", true)]
    [InlineData(HttpStatusCode.TooManyRequests, null, true)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", false)]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey", false)]
    [InlineData(HttpStatusCode.PreconditionFailed, "PreconditionFailed", false)]
    public void IsTransient_ByStatusAndCode(HttpStatusCode status, string? code, bool expected) =>
        Assert.Equal(expected, S3Retry.IsTransient(new AmazonS3Exception("x") { StatusCode = status, ErrorCode = code }));

    [Fact]
    public void IsTransient_NetworkFailures_AreTransientUnlessCancelled()
    {
        Assert.True(S3Retry.IsTransient(new HttpRequestException("reset", new IOException("connection reset"))));
        Assert.True(S3Retry.IsTransient(new TaskCanceledException("timeout")));
        Assert.False(S3Retry.IsTransient(new TaskCanceledException("cancelled"), new CancellationToken(canceled: true)));
        Assert.False(S3Retry.IsTransient(new InvalidOperationException("bug")));
    }

    [Fact]
    public async Task Pipeline_TransientThenSuccess_RetriesAndPermanentFailsAtOnce()
    {
        var pipeline = S3Retry.Create(new S3Settings { RetryBaseDelay = TimeSpan.Zero, MaxAttempts = 4 });
        var calls = 0;
        var result = await pipeline.ExecuteAsync(_ => ++calls < 3
            ? throw new AmazonS3Exception("busy") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "SlowDown" }
            : ValueTask.FromResult(calls));
        Assert.Equal(3, result);

        calls = 0;
        await Assert.ThrowsAsync<AmazonS3Exception>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new AmazonS3Exception("denied") { StatusCode = HttpStatusCode.Forbidden, ErrorCode = "AccessDenied" };
        }));
        Assert.Equal(1, calls);

        calls = 0;
        await Assert.ThrowsAsync<AmazonS3Exception>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new AmazonS3Exception("busy") { StatusCode = HttpStatusCode.ServiceUnavailable };
        }));
        Assert.Equal(4, calls);
    }
}
