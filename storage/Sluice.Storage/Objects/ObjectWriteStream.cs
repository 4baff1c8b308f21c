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

    /// <summary>Always false: the stream is write-only.</summary>
    public sealed override bool CanRead => false;

    /// <summary>Always false: an object is written front to back.</summary>
    public sealed override bool CanSeek => false;

    /// <summary>Always true; writes after <see cref="Abort"/> throw all the same.</summary>
    public sealed override bool CanWrite => true;

    /// <summary>The bytes written so far (<see cref="BytesWritten"/>).</summary>
    public sealed override long Length => BytesWritten;

    /// <summary>The bytes written so far (<see cref="BytesWritten"/>).</summary>
    /// <exception cref="NotSupportedException">On set.</exception>
    public sealed override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    /// <summary>Not supported: the stream is write-only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Not supported: an object is written front to back.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <summary>Not supported: the length is what has been written.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Does nothing unless a store overrides it: the object becomes visible only as a whole, on
    /// <see cref="CompleteAsync"/>, so a flush cannot publish part of it.</summary>
    public override void Flush() { }
}
