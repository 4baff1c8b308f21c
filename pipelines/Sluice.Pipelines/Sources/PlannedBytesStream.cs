namespace Sluice.Pipelines.Sources;

/// <summary>
/// Bytes [start, start + length) of an input object as planned, read through <c>inner</c> (positioned at start):
/// never a byte past them, and an <see cref="InvalidDataException"/> naming the object when it ends before them (it
/// changed during the run). Seekable when the inner stream is, with positions relative to start. Owns the inner stream.
/// </summary>
internal sealed class PlannedBytesStream(Stream inner, string uri, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        inner.Seek(start + target, SeekOrigin.Begin);
        return _position = target;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = Want(buffer.Length);
        return want == 0 ? 0 : Advance(inner.Read(buffer[..want]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var want = Want(buffer.Length);
        return want == 0 ? 0 : Advance(await inner.ReadAsync(buffer[..want], ct));
    }

    private int Want(int room) => (int)Math.Clamp(length - _position, 0, room);

    private int Advance(int read)
    {
        if (read == 0)
            throw new InvalidDataException(
                $"{uri} ends at byte {start + _position}, before the {start + length} bytes it had when the run was planned: it changed during the run");
        _position += read;
        return read;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
