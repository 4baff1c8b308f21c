using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace Sluice.Storage.Objects;

/// <summary>
/// An object store over an S3 bucket and key prefix (AWS or an S3-compatible server such as Ceph RGW).
/// Transient failures are retried inside every call (<see cref="S3Retry"/>); other failures throw an
/// <see cref="IOException"/> naming the full <c>s3://</c> URI and the reason, or an
/// <see cref="ObjectNotFoundException"/> for a missing key. Thread-safe.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly bool _ownsClient;

    /// <summary>Serves <c>s3://<paramref name="bucket"/>/<paramref name="prefix"/></c> with a client built from <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">The bucket name is empty or a setting is out of range.</exception>
    public S3ObjectStore(string bucket, string prefix, S3Settings settings)
        : this(bucket, prefix, settings, settings.CreateClient(), ownsClient: true) { }

    /// <summary>Serves a bucket and prefix through <paramref name="client"/>, which the caller keeps owning.</summary>
    public S3ObjectStore(string bucket, string prefix, S3Settings settings, IAmazonS3 client)
        : this(bucket, prefix, settings, client, ownsClient: false) { }

    private S3ObjectStore(string bucket, string prefix, S3Settings settings, IAmazonS3 client, bool ownsClient)
    {
        if (string.IsNullOrWhiteSpace(bucket)) throw new ArgumentException("bucket name is empty", nameof(bucket));
        settings.Validate();
        Bucket = bucket;
        Prefix = prefix.Trim('/') is { Length: > 0 } p ? p + "/" : "";
        Settings = settings;
        Client = client;
        Retry = S3Retry.Create(settings);
        _ownsClient = ownsClient;
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The key prefix, empty or ending in '/'.</summary>
    public string Prefix { get; }

    /// <summary>The settings the store was made with.</summary>
    public S3Settings Settings { get; }

    internal IAmazonS3 Client { get; }

    internal ResiliencePipeline Retry { get; }

    /// <inheritdoc />
    public string RootUri => $"s3://{Bucket}/{Prefix}";

    internal string FullKey(string key) => Prefix + key;

    internal string UriOf(string key) => RootUri + key;

    /// <summary>Runs one S3 call under the retry pipeline and translates what still fails.</summary>
    internal async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await Retry.ExecuteAsync(async token => await call(token), ct);
        }
        catch (Exception e)
        {
            throw S3Errors.Translate(e, operation, UriOf(key), Bucket);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default) => GetAsync(key, null, ct);

    /// <inheritdoc />
    public async Task<Stream> OpenRangeAsync(string key, long offset, long length, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        // S3 has no empty range; a zero-length read still has to fail for a missing key.
        if (length <= 0)
            return await StatAsync(key, ct) is null ? throw new ObjectNotFoundException(UriOf(key)) : Stream.Null;
        try
        {
            return await GetAsync(key, new ByteRange(offset, offset + length - 1), ct);
        }
        catch (IOException e) when (e.InnerException is { } inner && S3Errors.IsInvalidRange(inner))
        {
            return Stream.Null; // the range starts at or past the end: fewer (no) bytes, like a file
        }
    }

    private async Task<Stream> GetAsync(string key, ByteRange? range, CancellationToken ct)
    {
        var response = await RunAsync("read", key, token => Client.GetObjectAsync(
            new GetObjectRequest { BucketName = Bucket, Key = FullKey(key), ByteRange = range }, token), ct);
        return new S3ReadStream(response);
    }

    /// <inheritdoc />
    public Task<ObjectWriteStream> OpenWriteAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<ObjectWriteStream>(new S3WriteStream(this, key));

    /// <inheritdoc />
    public async Task<bool> PutAsync(string key, ReadOnlyMemory<byte> data, bool ifNoneMatch = false, CancellationToken ct = default)
    {
        try
        {
            await RunAsync("put", key, token => PutOnceAsync(key, data, ifNoneMatch, token), ct);
            return true;
        }
        catch (IOException e) when (ifNoneMatch && e.InnerException is { } inner && S3Errors.IsPreconditionFailed(inner))
        {
            // The 412 may answer our own earlier attempt whose reply was lost (retried here, in the SDK or in the HTTP
            // stack): the key then holds exactly our bytes (a single PUT's ETag is their MD5), and the write did happen.
            if (await StatAsync(key, ct) is { } info
                && string.Equals(info.ETag, Convert.ToHexStringLower(MD5.HashData(data.Span)), StringComparison.Ordinal))
                return true;
            return false;
        }
    }

    internal Task<PutObjectResponse> PutOnceAsync(string key, ReadOnlyMemory<byte> data, bool ifNoneMatch, CancellationToken ct)
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = FullKey(key), InputStream = AsStream(data) };
        if (ifNoneMatch) request.IfNoneMatch = "*";
        return Client.PutObjectAsync(request, ct);
    }

    /// <summary>A fresh read-only stream per attempt, over the caller's memory when it is an array.</summary>
    internal static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    /// <inheritdoc />
    /// <remarks>A HEAD answers 404 both for a missing key and a missing bucket; both give null.</remarks>
    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        try
        {
            var meta = await RunAsync("stat", key, token => Client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = Bucket, Key = FullKey(key) }, token), ct);
            return new ObjectInfo(key, meta.ContentLength, Unquote(meta.ETag),
                new DateTimeOffset(DateTime.SpecifyKind(meta.LastModified ?? DateTime.UnixEpoch, DateTimeKind.Utc)));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = Bucket, Prefix = FullKey(prefix), MaxKeys = Settings.ListPageSize, ContinuationToken = token,
            };
            var page = await RunAsync("list", prefix, t => Client.ListObjectsV2Async(request, t), ct);
            // SDK v4 leaves empty collections null.
            foreach (var o in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(o.Key[Prefix.Length..], o.Size ?? 0, Unquote(o.ETag),
                    new DateTimeOffset(DateTime.SpecifyKind(o.LastModified ?? DateTime.UnixEpoch, DateTimeKind.Utc)));
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken ct = default) =>
        RunAsync("delete", key, token => Client.DeleteObjectAsync(
            new DeleteObjectRequest { BucketName = Bucket, Key = FullKey(key) }, token), ct);

    /// <summary>Disposes the client when the store built it.</summary>
    public void Dispose()
    {
        if (_ownsClient) Client.Dispose();
    }

    /// <summary>The SDK returns ETags quoted; the store's contract (and RGW's If-Match) wants them bare.</summary>
    internal static string? Unquote(string? etag) => string.IsNullOrEmpty(etag) ? null : etag.Trim('"');

    /// <inheritdoc />
    public override string ToString() => RootUri;
}
