using System.Buffers;
using Amazon.S3.Model;

namespace Sluice.Storage.Objects;

/// <summary>
/// Streams an object to S3 in parts. Memory is bounded: one part being filled plus at most
/// <see cref="MaxInFlight"/> parts uploading. An object smaller than one part is a single PUT on completion, so
/// small objects cost one request; larger ones use a multipart upload that completion finishes and abort cancels.
/// </summary>
internal sealed class S3WriteStream(S3ObjectStore store, string key) : ObjectWriteStream
{
    private const int MaxInFlight = 2;

    private readonly int _partSize = store.Settings.PartSize;
    private readonly Queue<Task<PartETag>> _inFlight = new();
    private readonly List<PartETag> _parts = [];
    // Cancels part uploads still running when the stream is aborted.
    private readonly CancellationTokenSource _abort = new();
    private byte[]? _buffer;
    private int _filled;
    private string? _uploadId;
    private int _nextPart = 1;
    private bool _done;
    private Exception? _fault;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Sync callers (Parquet, compressors) block only when a part is full and the upload queue is too.
        var copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            WriteAsync(copy.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_fault is not null) throw new IOException($"write {store.UriOf(key)} failed earlier", _fault);
        while (!data.IsEmpty)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(_partSize);
            var n = Math.Min(data.Length, _partSize - _filled);
            data.Span[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            BytesWritten += n;
            data = data[n..];
            if (_filled == _partSize) await StartPartAsync(ct);
        }
    }

    /// <summary>Hands the full buffer to an upload task; waits for the oldest upload when the queue is full.</summary>
    private async Task StartPartAsync(CancellationToken ct)
    {
        try
        {
            _uploadId ??= (await store.RunAsync("write", key, t => store.Client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = store.Bucket, Key = store.FullKey(key) }, t), ct)).UploadId;
            while (_inFlight.Count >= MaxInFlight) _parts.Add(await _inFlight.Dequeue());
            var (buffer, length, number) = (_buffer!, _filled, _nextPart++);
            _buffer = null;
            _filled = 0;
            _inFlight.Enqueue(UploadPartAsync(buffer, length, number));
        }
        catch (Exception e)
        {
            _fault = e;
            throw;
        }
    }

    private async Task<PartETag> UploadPartAsync(byte[] buffer, int length, int number)
    {
        try
        {
            var response = await store.RunAsync("write", key, t => store.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = store.Bucket, Key = store.FullKey(key), UploadId = _uploadId, PartNumber = number,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
            }, t), _abort.Token);
            return new PartETag(number, response.ETag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async Task CompleteAsync(CancellationToken ct = default)
    {
        if (_done) return;
        if (_fault is not null)
        {
            Abort();
            throw new IOException($"write {store.UriOf(key)} failed earlier", _fault);
        }
        try
        {
            if (_uploadId is null)
            {
                await store.RunAsync("write", key, t => store.PutOnceAsync(key, _buffer.AsMemory(0, _filled), false, t), ct);
            }
            else
            {
                if (_filled > 0) await StartPartAsync(ct);
                while (_inFlight.Count > 0) _parts.Add(await _inFlight.Dequeue());
                // RGW answers CompleteMultipartUpload with an empty ETag; callers that need it should Stat.
                await store.RunAsync("write", key, t => store.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = store.Bucket, Key = store.FullKey(key), UploadId = _uploadId,
                    PartETags = [.. _parts.OrderBy(p => p.PartNumber)],
                }, t), ct);
            }
            _done = true;
            ReturnBuffer();
        }
        catch (Exception e)
        {
            _fault = e;
            Abort();
            throw;
        }
    }

    public override void Abort()
    {
        if (_done) return;
        _done = true;
        _abort.Cancel();
        try
        {
            // Parts still uploading would outlive the abort and be left on the server as orphans.
            Task.WhenAll(_inFlight).Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception) { /* their failures do not matter any more */ }
        if (_uploadId is not null)
        {
            try
            {
                store.Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = store.Bucket, Key = store.FullKey(key), UploadId = _uploadId,
                }).GetAwaiter().GetResult();
            }
            catch (Exception) { /* best effort: a bucket lifecycle rule reaps what is left */ }
        }
        ReturnBuffer();
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }

    protected override void Dispose(bool disposing)
    {
        // As for files: a dispose without a fault publishes the object; after a fault it discards it.
        if (disposing && !_done)
        {
            if (_fault is null) CompleteAsync().GetAwaiter().GetResult();
            else Abort();
        }
        if (disposing) _abort.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            if (_fault is null) await CompleteAsync();
            else Abort();
        }
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }
}
