namespace Sluice.Storage.Formats.Native;

/// <summary>
/// Compresses to one gzip member through ISA-L's igzip (level 1 unless told otherwise). The output is standard gzip
/// that any reader accepts, but not byte-identical to what <see cref="System.IO.Compression.GZipStream"/> writes:
/// ISA-L's level 1 has its own matcher and builds dynamic Huffman tables per block. Disposing writes the final
/// block and trailer, then disposes the inner stream; <see cref="Flush()"/> ends the current block on a byte
/// boundary (a sync flush) so everything written so far can be inflated.
/// </summary>
/// <remarks>Requires <see cref="NativeKernels.IsalGzipLoaded"/>; <see cref="CompressionCodec.OpenWrite"/> picks it.</remarks>
public sealed class IsalGzipWriteStream : Stream
{
    /// <summary>ISA-L's fastest level with dynamic Huffman tables; the level <see cref="CompressionCodec"/> uses.</summary>
    public const int DefaultLevel = 1;

    private const int OutputSize = 128 << 10;

    private readonly Stream _raw;
    private readonly byte[] _out = new byte[OutputSize];
    private nint _state;
    private bool _finished;

    /// <summary>Writes gzip to <paramref name="raw"/>, which this stream disposes.</summary>
    /// <param name="raw">Where the compressed bytes go.</param>
    /// <param name="level">ISA-L level, 0 to 3 (default <see cref="DefaultLevel"/>); higher compresses more, slower.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 0–3.</exception>
    /// <exception cref="InvalidOperationException">The native library is not loaded.</exception>
    public IsalGzipWriteStream(Stream raw, int level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        if (!NativeKernels.IsalGzipLoaded) throw new InvalidOperationException(NativeKernels.IsalGzipLoadError);
        _state = IsalNative.DeflateNew(level);
        if (_state == 0) throw new OutOfMemoryException("ISA-L deflate state");
        _raw = raw;
    }

    /// <inheritdoc/>
    public override bool CanRead => false;
    /// <inheritdoc/>
    public override bool CanSeek => false;
    /// <inheritdoc/>
    public override bool CanWrite => !_finished;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (true)
        {
            var (used, written, more) = Deflate(buffer, IsalNative.DeflateRun);
            buffer = buffer[used..];
            if (written > 0) _raw.Write(_out, 0, written);
            if (!more && buffer.IsEmpty) return;
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var (used, written, more) = Deflate(buffer.Span, IsalNative.DeflateRun);
            buffer = buffer[used..];
            if (written > 0) await _raw.WriteAsync(_out.AsMemory(0, written), cancellationToken);
            if (!more && buffer.IsEmpty) return;
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        if (!_finished) Drain(IsalNative.DeflateSyncFlush);
        _raw.Flush();
    }

    /// <inheritdoc/>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_finished)
        {
            while (true)
            {
                var (_, written, more) = Deflate([], IsalNative.DeflateSyncFlush);
                if (written > 0) await _raw.WriteAsync(_out.AsMemory(0, written), cancellationToken);
                if (!more) break;
            }
        }
        await _raw.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// One ISA-L call: input bytes taken, output bytes in <see cref="_out"/>, and whether to call again with no more
    /// input (the output buffer filled, or a finish has not written its trailer yet).
    /// </summary>
    private unsafe (int Used, int Written, bool More) Deflate(ReadOnlySpan<byte> input, int mode)
    {
        ObjectDisposedException.ThrowIf(_state == 0 || _finished, this);
        int status, done;
        uint used, written;
        fixed (byte* i = input)
        fixed (byte* o = _out)
            status = IsalNative.Deflate(_state, i, (uint)input.Length, out used, o, OutputSize, out written, mode, out done);
        if (status != 0) throw new IOException($"ISA-L deflate failed with status {status}");
        if (mode == IsalNative.DeflateFinish && done != 0) _finished = true;
        var more = mode == IsalNative.DeflateFinish ? done == 0 : written == OutputSize;
        return ((int)used, (int)written, more);
    }

    private void Drain(int mode)
    {
        while (true)
        {
            var (_, written, more) = Deflate([], mode);
            if (written > 0) _raw.Write(_out, 0, written);
            if (!more) return;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing && _state != 0 && !_finished) Drain(IsalNative.DeflateFinish);
        }
        finally
        {
            if (disposing && _state != 0) _raw.Dispose();
            Free();
            base.Dispose(disposing);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            while (_state != 0 && !_finished)
            {
                var (_, written, _) = Deflate([], IsalNative.DeflateFinish);
                if (written > 0) await _raw.WriteAsync(_out.AsMemory(0, written));
            }
        }
        finally
        {
            if (_state != 0) await _raw.DisposeAsync();
            Free();
            GC.SuppressFinalize(this);
        }
    }

    private void Free()
    {
        if (_state == 0) return;
        IsalNative.DeflateFree(_state);
        _state = 0;
    }

    /// <summary>Frees the native state of a stream that was never disposed.</summary>
    ~IsalGzipWriteStream() => Dispose(disposing: false);
}
