namespace Sluice.Storage.Objects;

/// <summary>
/// A write-only stream whose object becomes visible only on <see cref="CompleteAsync"/> (or a dispose
/// without a prior fault). Call <see cref="Abort"/> to discard everything written.
/// </summary>
public abstract class ObjectWriteStream : Stream
{
    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; protected set; }

    /// <summary>Flushes the remaining data and makes the object visible. Idempotent.</summary>
    public abstract Task CompleteAsync(CancellationToken ct = default);

    /// <summary>Discards the object; later writes throw. Idempotent, never throws.</summary>
    public abstract void Abort();

    public sealed override bool CanRead => false;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => true;
    public sealed override long Length => BytesWritten;
    public sealed override long Position { get => BytesWritten; set => throw new NotSupportedException(); }
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public override void Flush() { }
}
