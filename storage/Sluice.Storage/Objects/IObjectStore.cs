namespace Sluice.Storage.Objects;

/// <summary>
/// A flat key space of immutable objects under one root (a local folder or an S3 bucket and prefix).
/// Keys are relative to the root and use '/' separators. Implementations are thread-safe.
/// </summary>
public interface IObjectStore : IDisposable
{
    /// <summary>The root this store serves, as a URI (<c>file:///abs/path/</c> or <c>s3://bucket/prefix/</c>).</summary>
    string RootUri { get; }

    /// <summary>Opens an object for sequential reading.</summary>
    /// <exception cref="ObjectNotFoundException">The key does not exist.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>Opens <paramref name="length"/> bytes of an object starting at <paramref name="offset"/> (fewer at its end).</summary>
    /// <exception cref="ObjectNotFoundException">The key does not exist.</exception>
    Task<Stream> OpenRangeAsync(string key, long offset, long length, CancellationToken ct = default);

    /// <summary>
    /// Opens a stream that writes an object. The object appears, whole, only when the stream is disposed;
    /// a stream abandoned by an exception leaves nothing visible (S3: the multipart upload is aborted).
    /// </summary>
    Task<ObjectWriteStream> OpenWriteAsync(string key, CancellationToken ct = default);

    /// <summary>Writes a small object in one request.</summary>
    /// <param name="key">Object key.</param>
    /// <param name="data">Content.</param>
    /// <param name="ifNoneMatch">When true, the write succeeds only if no object exists at the key
    /// (S3 <c>If-None-Match: *</c>); this is the commit point of the exactly-once protocol.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>False when <paramref name="ifNoneMatch"/> was set and the key was taken by other bytes; true otherwise
    /// (including when a retried write finds its own earlier, acknowledged-but-lost attempt in place).</returns>
    Task<bool> PutAsync(string key, ReadOnlyMemory<byte> data, bool ifNoneMatch = false, CancellationToken ct = default);

    /// <summary>Size, ETag and time of an object, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default);

    /// <summary>Lists every object whose key starts with <paramref name="prefix"/>, in ordinal key order, paging as needed.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Deletes an object; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}
