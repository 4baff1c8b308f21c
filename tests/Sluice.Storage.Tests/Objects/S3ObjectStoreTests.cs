using Sluice.Testing;
using Amazon.S3.Model;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Objects;

/// <summary>The store contract against a real S3 server (Ceph RGW), plus S3-only behaviour.</summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class S3ObjectStoreTests(S3ServerFixture server) : ObjectStoreContract, IAsyncLifetime
{
    private S3ObjectStore _store = null!;
    private string _bucket = "";

    // A small page size makes the paging test cross several ListObjectsV2 continuations cheaply.
    private S3Settings Settings => server.Settings with { ListPageSize = 100 };

    protected override IObjectStore Store => _store;

    public async Task InitializeAsync()
    {
        _bucket = await server.CreateBucketAsync("objects");
        // Each test gets its own prefix, so the listing tests see an empty store.
        _store = new S3ObjectStore(_bucket, "runs/" + Guid.NewGuid().ToString("N"), Settings);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Stat_AfterMultipartWrite_ReturnsUnquotedMultipartETag()
    {
        await using (var w = await _store.OpenWriteAsync("mp"))
            await w.WriteAsync(RandomBytes(9 * 1024 * 1024, 6));
        var info = await _store.StatAsync("mp");
        Assert.NotNull(info);
        Assert.DoesNotContain('"', info.ETag!);
        Assert.EndsWith("-2", info.ETag); // two parts
    }

    [Fact]
    public async Task OpenWrite_Aborted_LeavesNoMultipartUpload()
    {
        var w = await _store.OpenWriteAsync("aborted-mp");
        await w.WriteAsync(RandomBytes(17 * 1024 * 1024, 7));
        w.Abort();
        var uploads = await server.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = _store.Prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task AnyCall_MissingBucket_SaysBucketDoesNotExist()
    {
        using var store = new S3ObjectStore("t-no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "p", Settings);
        var e = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("k", new byte[] { 1 }));
        Assert.Contains($"bucket {store.Bucket} does not exist", e.Message);
        Assert.Contains($"s3://{store.Bucket}/p/k", e.Message);
    }

    [Fact]
    public async Task Failure_WrongSecret_MessageNamesUriButNotSecret()
    {
        var wrongSecret = "wrong-" + Guid.NewGuid().ToString("N");
        var client = new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), wrongSecret),
            new Amazon.S3.AmazonS3Config
            {
                ServiceURL = Settings.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = Settings.Region,
                RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            });
        using var store = new S3ObjectStore(_bucket, "p", Settings, client);
        var e = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("k", new byte[] { 1 }));
        Assert.Contains($"s3://{_bucket}/p/k", e.Message);
        Assert.Contains("403", e.Message);
        Assert.DoesNotContain(wrongSecret, e.ToString());
        Assert.DoesNotContain(server.SecretKey, e.ToString());
        Assert.DoesNotContain(server.SecretKey, Settings.ToString());
        client.Dispose();
    }

    [Fact]
    public async Task ObjectStoresOpen_S3Uri_UsesEnvironment()
    {
        await _store.PutAsync("via-open", new byte[] { 7 });
        using var opened = ObjectStores.Open(_store.RootUri);
        Assert.Equal(_store.RootUri, opened.RootUri);
        Assert.Equal(1, (await opened.StatAsync("via-open"))!.Size);
    }
}
