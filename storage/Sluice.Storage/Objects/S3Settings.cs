using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Sluice.Storage.Objects;

/// <summary>
/// How <see cref="S3ObjectStore"/> reaches S3 or an S3-compatible server, and how it retries and uploads.
/// Credentials are not part of the settings: the AWS SDK's default chain finds them (environment variables,
/// profile, instance role), so they are never held, logged or printed here.
/// </summary>
public sealed record S3Settings
{
    /// <summary>Endpoint of an S3-compatible server (<c>http://127.0.0.1:7480</c>); null (the default) means AWS itself.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Region used for signing and, on AWS, for routing. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Address buckets as <c>host/bucket</c> instead of <c>bucket.host</c>. Default: true when <see cref="ServiceUrl"/> is set.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Attempts per request, the first included, for transient errors. Default 6.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Base delay of the jittered exponential backoff between attempts. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Size of each multipart-upload part, and the size below which a write is a single PUT. Default 8 MiB; S3 needs at least 5 MiB.</summary>
    public int PartSize { get; init; } = 8 << 20;

    /// <summary>Keys per ListObjectsV2 page (1 to 1000). Default 1000, the S3 maximum.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Reads the settings from the environment: <c>SLUICE_S3_ENDPOINT</c>, else <c>AWS_ENDPOINT_URL_S3</c>,
    /// else <c>AWS_ENDPOINT_URL</c> for the endpoint; <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c> for the region.</summary>
    public static S3Settings FromEnvironment() => FromEnvironment(Env);

    /// <summary>As <see cref="FromEnvironment()"/>, reading variables through <paramref name="lookup"/> (empty values count as unset).</summary>
    public static S3Settings FromEnvironment(Func<string, string?> lookup)
    {
        string? Get(string name) => lookup(name) is { Length: > 0 } v ? v : null;
        var endpoint = Get("SLUICE_S3_ENDPOINT") ?? Get("AWS_ENDPOINT_URL_S3") ?? Get("AWS_ENDPOINT_URL");
        return new S3Settings
        {
            ServiceUrl = endpoint,
            Region = Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1",
            ForcePathStyle = endpoint is not null,
        };
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>Names the endpoint and options; user information in the URL (<c>user:secret@</c>) is left out.</summary>
    public override string ToString() =>
        $"S3Settings {{ ServiceUrl = {Redact(ServiceUrl) ?? "AWS"}, Region = {Region}, ForcePathStyle = {ForcePathStyle}, " +
        $"MaxAttempts = {MaxAttempts}, RetryBaseDelay = {RetryBaseDelay.TotalMilliseconds} ms, PartSize = {PartSize}, ListPageSize = {ListPageSize} }}";

    private static string? Redact(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range, before any request is made.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be at least 1, not {MaxAttempts}");
        if (RetryBaseDelay < TimeSpan.Zero) throw new ArgumentException("RetryBaseDelay must not be negative");
        if (PartSize < 5 << 20) throw new ArgumentException($"PartSize must be at least 5 MiB (the S3 minimum), not {PartSize}");
        if (ListPageSize is < 1 or > 1000) throw new ArgumentException($"ListPageSize must be 1..1000, not {ListPageSize}");
        if (ServiceUrl is not null && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
            throw new ArgumentException($"ServiceUrl '{ServiceUrl}' is not an absolute URL");
    }

    /// <summary>
    /// Builds a client for these settings. With a custom endpoint it uses path-style addressing, signs for
    /// <see cref="Region"/>, and computes checksums only when an operation requires them (S3-compatible servers
    /// such as Ceph 16 reject the SDK's default aws-chunked uploads with CRC32 trailers); AWS keeps the SDK defaults.
    /// </summary>
    public AmazonS3Client CreateClient()
    {
        Validate();
        var config = new AmazonS3Config
        {
            // The store retries with its own backoff (S3Retry); SDK retries on top would multiply the attempts.
            MaxErrorRetry = 0,
        };
        if (ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = Region;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        config.ForcePathStyle = ForcePathStyle;
        return new AmazonS3Client(config);
    }
}
