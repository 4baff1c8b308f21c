using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Storage.Objects;
using Xunit;

namespace Sluice.Testing;

/// <summary>
/// A running S3 server for integration tests (see <see cref="S3Server"/>), a client, and throw-away buckets that
/// are emptied and removed on dispose. Each test project declares its own xunit collection over it.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private readonly List<string> _buckets = [];

    /// <summary>Settings for the server; credentials are in the process environment for the SDK chain.</summary>
    public S3Settings Settings { get; private set; } = new();

    /// <summary>A client for test set-up and inspection.</summary>
    public AmazonS3Client Client { get; private set; } = null!;

    /// <summary>The variables a child process needs to reach the server.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>The secret key the server was started with (for tests that check it never leaks).</summary>
    public string SecretKey => System.Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "";

    public async Task InitializeAsync()
    {
        Environment = await S3Server.EnsureRunningAsync();
        Settings = S3Settings.FromEnvironment();
        Client = Settings.CreateClient();
    }

    /// <summary>Creates an empty bucket with a unique name starting with <paramref name="label"/>; removed on dispose.</summary>
    public async Task<string> CreateBucketAsync(string label)
    {
        var name = $"t-{label.ToLowerInvariant()}-{Guid.NewGuid():N}"[..Math.Min(63, label.Length + 2 + 1 + 12)];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        lock (_buckets) _buckets.Add(name);
        return name;
    }

    public async Task DisposeAsync()
    {
        // Memstore holds objects in RAM: empty the test buckets so a long-lived server does not grow.
        foreach (var bucket in _buckets)
        {
            try
            {
                using var store = new S3ObjectStore(bucket, "", Settings, Client);
                await foreach (var o in store.ListAsync("")) await store.DeleteAsync(o.Key);
                await Client.DeleteBucketAsync(bucket);
            }
            catch (AmazonS3Exception) { /* leftovers are harmless on a throw-away server */ }
        }
        Client?.Dispose();
    }
}
