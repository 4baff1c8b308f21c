namespace Sluice.Storage.Formats.Native;

/// <summary>
/// Decompresses gzip (RFC 1952) through ISA-L's igzip, member after member, with the checks of the managed reader
/// (<c>Formats/Internal/VerifiedGzipStream.cs</c>): each member must end with its final block and a trailer whose
/// CRC-32 and length match (ISA-L checks both), only further members may follow, and anything else throws
/// <see cref="InvalidDataException"/> naming the member and the compressed offset reached. Zero bytes read as
/// empty. Bytes inflated before damage are handed over first; the next read throws. Owns the inner stream.
/// </summary>
/// <remarks>Requires <see cref="NativeKernels.IsalGzipLoaded"/>; <see cref="CompressionCodec.OpenRead"/> picks it.</remarks>
public sealed class IsalGzipReadStream : Stream
{
    private const int InputSize = 128 << 10, FixedHeader = 10;
    private const byte FHcrc = 0x02, FExtra = 0x04, FName = 0x08, FComment = 0x10, ReservedFlags = 0xE0;

    private readonly Stream _raw;
    private readonly byte[] _in = new byte[InputSize];
    private nint _state;
    // _in[_pos.._len) is not given to ISA-L yet; _bufBase is the compressed offset of _in[0].
    private int _pos, _len;
    private long _bufBase, _memberStart, _members, _inflated, _memberSize;
    private bool _inMember, _rawEnded;
    private InvalidDataException? _failure;

    /// <summary>Reads the gzip bytes of <paramref name="raw"/>, which this stream disposes.</summary>
    /// <exception cref="InvalidOperationException">The native library is not loaded.</exception>
    public IsalGzipReadStream(Stream raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (!NativeKernels.IsalGzipLoaded) throw new InvalidOperationException(NativeKernels.IsalGzipLoadError);
        _state = IsalNative.InflateNew();
        if (_state == 0) throw new OutOfMemoryException("ISA-L inflate state");
        _raw = raw;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;
    /// <inheritdoc/>
    public override bool CanSeek => false;
    /// <inheritdoc/>
    public override bool CanWrite => false;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = Inflate(buffer);
            if (n >= 0) return n;
            Fill(_raw.Read(_in, _len, _in.Length - _len));
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var n = Inflate(buffer.Span);
            if (n >= 0) return n;
            Fill(await _raw.ReadAsync(_in.AsMemory(_len), cancellationToken));
        }
    }

    /// <summary>Bytes inflated into <paramref name="output"/>, 0 at the end, or -1 when more input must be read first.</summary>
    private unsafe int Inflate(Span<byte> output)
    {
        if (_failure is not null) throw _failure;
        ObjectDisposedException.ThrowIf(_state == 0, this);
        if (output.IsEmpty) return 0;
        var total = 0;
        try
        {
            while (total < output.Length)
            {
                if (!_inMember)
                {
                    // The fixed part of the header is checked here, as the managed reader does: ISA-L accepts reserved flags.
                    if (_len - _pos < FixedHeader && !_rawEnded) return total > 0 ? total : Compact();
                    if (_len == _pos) return total;
                    _memberStart = _bufBase + _pos;
                    if (_len - _pos < 2 || _in[_pos] != 0x1F || _in[_pos + 1] != 0x8B)
                        throw Bad(_members == 0 ? "not gzip data (no 1F 8B signature)" : "bytes after the last member are not a gzip member");
                    if (_len - _pos < FixedHeader) throw Bad("truncated inside the member header");
                    if (_in[_pos + 2] != 8 || (_in[_pos + 3] & ReservedFlags) != 0)
                        throw Bad($"unsupported header (compression method {_in[_pos + 2]}, flags 0x{_in[_pos + 3]:X2})");
                    // ISA-L 2.30 computes a wrong header CRC (FHCRC) when the header reaches it in pieces, so it
                    // gets the whole header in one call.
                    if (!WholeHeaderBuffered())
                    {
                        if (_rawEnded) throw Bad("truncated inside the member header");
                        if (_pos == 0 && _len == _in.Length) throw Bad($"member header longer than {_in.Length} bytes");
                        return total > 0 ? total : Compact();
                    }
                    IsalNative.InflateReset(_state);
                    _inMember = true;
                    _memberSize = 0;
                }
                int status, phase;
                uint used, written;
                fixed (byte* input = _in)
                fixed (byte* o = output)
                    status = IsalNative.Inflate(_state, input + _pos, (uint)(_len - _pos), out used, o + total, (uint)(output.Length - total), out written, out phase);
                _pos += (int)used;
                total += (int)written;
                _inflated += written;
                _memberSize += written;
                if (status < 0) throw Damaged(status, phase);
                if (phase == IsalNative.PhaseDone)
                {
                    _inMember = false;
                    _members++;
                    continue;
                }
                if (used == 0 && written == 0)
                {
                    if (total > 0) return total;
                    if (_rawEnded)
                        throw Bad(phase switch
                        {
                            IsalNative.PhaseHeader => "truncated inside the member header",
                            // The managed reader's words for the same damage (it cannot tell a cut trailer from a corrupt one).
                            IsalNative.PhaseTrailer => $"trailer check failed: the input ends at compressed byte {_bufBase + _len} inside the trailer after the member's {_memberSize} inflated bytes (a cut trailer)",
                            _ => $"truncated: the input ends at compressed byte {_bufBase + _len} before the member's final block and trailer ({_inflated} bytes decompressed)",
                        });
                    return Compact();
                }
            }
        }
        catch (InvalidDataException e) when (total > 0)
        {
            // Hand over the bytes before the damage first; the next read reports it.
            _failure = e;
        }
        return total;
    }

    /// <summary>Whether the member header at <see cref="_pos"/>, with its optional fields (RFC 1952 2.3.1), is all in the buffer.</summary>
    private bool WholeHeaderBuffered()
    {
        var header = _in.AsSpan(_pos, _len - _pos);
        var flags = header[3];
        var n = FixedHeader;
        if ((flags & FExtra) != 0)
        {
            if (header.Length < n + 2) return false;
            n += 2 + (header[n] | (header[n + 1] << 8));
        }
        foreach (var field in (ReadOnlySpan<byte>)[FName, FComment])
        {
            if ((flags & field) == 0) continue;
            if (header.Length <= n) return false;
            var zero = header[n..].IndexOf((byte)0);
            if (zero < 0) return false;
            n += zero + 1;
        }
        if ((flags & FHcrc) != 0) n += 2;
        return n <= header.Length;
    }

    /// <summary>Moves the unread input to the front of the buffer so a read can fill the rest; always -1.</summary>
    private int Compact()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_in, _pos, _in, 0, _len - _pos);
            (_bufBase, _len, _pos) = (_bufBase + _pos, _len - _pos, 0);
        }
        return -1;
    }

    private void Fill(int n)
    {
        if (n == 0) _rawEnded = true;
        else _len += n;
    }

    private InvalidDataException Damaged(int status, int phase) => status switch
    {
        IsalNative.IncorrectChecksum when phase == IsalNative.PhaseHeader => Bad("header CRC mismatch"),
        IsalNative.IncorrectChecksum => Bad($"trailer check failed: the trailer's CRC-32 or length does not match the member's {_memberSize} inflated bytes near compressed byte {_bufBase + _pos} (a corrupt trailer)"),
        IsalNative.InvalidWrapper or IsalNative.UnsupportedMethod => Bad($"unsupported header (ISA-L status {status})"),
        _ => Bad($"corrupt deflate data near compressed byte {_bufBase + _pos} ({_inflated} bytes decompressed): ISA-L status {status} ({Describe(status)})"),
    };

    private static string Describe(int status) => status switch
    {
        IsalNative.InvalidBlock => "invalid block",
        IsalNative.InvalidSymbol => "invalid symbol",
        IsalNative.InvalidLookback => "invalid distance",
        _ => "error",
    };

    private InvalidDataException Bad(string what) => new($"gzip member {_members + 1} (at compressed byte {_memberStart}): {what}");

    /// <inheritdoc/>
    public override void Flush() { }
    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_state != 0)
        {
            IsalNative.InflateFree(_state);
            _state = 0;
        }
        if (disposing) _raw.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await _raw.DisposeAsync();
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native state of a stream that was never disposed.</summary>
    ~IsalGzipReadStream() => Dispose(disposing: false);
}
