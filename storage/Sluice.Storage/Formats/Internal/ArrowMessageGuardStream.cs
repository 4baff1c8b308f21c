namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// A read-only pass-through for IPC stream-format data that reads each message's prefix and metadata ahead of the
/// IPC reader and refuses one whose metadata or body would not fit in the input (<see cref="ArrowMessagePrefix"/>),
/// so a damaged length fails before Apache.Arrow allocates for it. After the end-of-stream marker the rest (a
/// file's footer) passes unchecked. Does not own the inner stream.
/// </summary>
/// <param name="inner">Positioned at the first message.</param>
/// <param name="length">Bytes <paramref name="inner"/> holds from here on, or null when unknown: then each message
/// may declare up to <see cref="ArrowFormat.MaxMessageBytesOfUnknownLength"/>.</param>
internal sealed class ArrowMessageGuardStream(Stream inner, long? length) : Stream
{
    private ReadOnlyMemory<byte> _pending;
    private long _bodyLeft, _consumed;
    private int _messages;
    private bool _ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }

    // Apache.Arrow's async API, which ArrowFormat uses, reads through ReadAsync; a synchronous caller gets the same checks.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty) return 0;
        if (_pending.IsEmpty && _bodyLeft == 0 && !_ended) await NextMessageAsync(ct);
        if (!_pending.IsEmpty)
        {
            int n = Math.Min(buffer.Length, _pending.Length);
            _pending[..n].CopyTo(buffer);
            _pending = _pending[n..];
            return n;
        }
        if (_ended) return await inner.ReadAsync(buffer, ct);
        int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _bodyLeft)], ct);
        _bodyLeft -= read;
        _consumed += read;
        // A body cut short ends the data; the IPC reader reports the truncation.
        if (read == 0) _ended = true;
        return read;
    }

    private async Task NextMessageAsync(CancellationToken ct)
    {
        long available = length is { } l ? l - _consumed : ArrowFormat.MaxMessageBytesOfUnknownLength;
        var (read, body) = await ArrowMessagePrefix.ReadAsync(inner, available, $"IPC message {_messages++}", ct);
        _consumed += read.Length;
        _pending = read;
        _bodyLeft = body;
        // The end-of-stream marker (a zero length) or a short read ends the checked part; Apache.Arrow reads on
        // past a zero-length schema, so the first message never ends it.
        if (read.Length <= 8 && body == 0 && _messages > 1) _ended = true;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
