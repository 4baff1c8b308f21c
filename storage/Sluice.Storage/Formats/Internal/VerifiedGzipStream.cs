using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Decompresses gzip (RFC 1952) member after member and checks what <see cref="GZipStream"/> lets pass: each member
/// must end with its final deflate block and an 8-byte trailer whose CRC-32 and length match the bytes inflated, and
/// only further members may follow. Anything else throws <see cref="InvalidDataException"/> naming the member and
/// the compressed offset reached. Zero bytes read as empty. Owns the inner stream.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> ends silently when its input stops at a flush point, so a cut file reads as complete.
/// Here the header is parsed by hand, the deflate data is inflated by a <see cref="DeflateStream"/> fed through
/// <see cref="Feed"/>, and the trailer is checked against a running <see cref="Crc32"/>. The inflater asks the feed
/// for more bytes only when it has used all it was given and has not seen the final block, so a request at the end
/// of the input is exactly a truncated member, and every byte inflated before the cut is delivered. Corrupt deflate
/// data is different: the inflater drops what it inflated in the call that met it, at most
/// <see cref="MaxInflate"/> bytes.
/// </remarks>
internal sealed class VerifiedGzipStream : Stream
{
    // The inflater gets at most MaxPiece bytes at a time, and the last Tail bytes of the input one at a time (see
    // FindTrailer). It is asked for at most MaxInflate bytes at a time (see ReadCoreAsync).
    private const int MaxPiece = 64 << 10, Tail = 32, MaxInflate = 4 << 10;
    private const byte FHcrc = 0x02, FExtra = 0x04, FName = 0x08, FComment = 0x10, FReserved = 0xE0;

    private readonly Stream _raw;
    private readonly byte[] _buf = new byte[2 * MaxPiece];
    private readonly Crc32 _crc = new();
    private readonly Feed _feed;
    private DeflateStream? _inflater;
    // _buf[_piece.._pos) is the last piece fed to the inflater (or, between members, empty); _buf[_pos.._len) is not
    // consumed yet. Compaction keeps everything from _piece on.
    private int _piece, _pos, _len;
    private long _bufBase, _memberStart, _members, _inflated;
    private ulong _memberSize;
    private bool _rawEnded, _starved;
    private InvalidDataException? _failure;

    public VerifiedGzipStream(Stream raw)
    {
        _raw = raw;
        _feed = new Feed(this);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: true, ct).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        ReadCoreAsync(buffer, useAsync: true, ct);

    // With useAsync false every await below completes synchronously (sync reads of the inflater and the raw stream).
    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken ct)
    {
        if (_failure is not null) throw _failure;
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                // The inflater is asked for small slices: when it meets corrupt data it throws away what it inflated
                // in that call, so only the last slice before the damage is lost.
                var n = await InflateAsync(buffer.Slice(total, Math.Min(buffer.Length - total, MaxInflate)), useAsync, ct);
                if (n == 0) break;
                total += n;
            }
        }
        catch (InvalidDataException e) when (total > 0)
        {
            // Hand over the bytes before the damage first; the next read reports it.
            _failure = e;
        }
        return total;
    }

    private async ValueTask<int> InflateAsync(Memory<byte> slice, bool useAsync, CancellationToken ct)
    {
        while (true)
        {
            if (_inflater is null && !await StartMemberAsync(useAsync, ct)) return 0;
            int n;
            try
            {
                n = useAsync ? await _inflater!.ReadAsync(slice, ct) : _inflater!.Read(slice.Span);
            }
            catch (InvalidDataException e)
            {
                throw Bad($"corrupt deflate data near compressed byte {_bufBase + _pos} ({_inflated} bytes decompressed): {e.Message}", e);
            }
            if (n > 0)
            {
                _crc.Append(slice.Span[..n]);
                _memberSize += (ulong)n;
                _inflated += n;
                return n;
            }
            if (_starved)
                throw Bad($"truncated: the input ends at compressed byte {_bufBase + _len} before the member's final block and trailer ({_inflated} bytes decompressed)");
            await EndMemberAsync(useAsync, ct);
        }
    }

    private async ValueTask<bool> StartMemberAsync(bool useAsync, CancellationToken ct)
    {
        _piece = _pos;
        _memberStart = _bufBase + _pos;
        if (!await EnsureAsync(1, useAsync, ct)) return false;
        var whole = await EnsureAsync(10, useAsync, ct);
        if (_len - _pos < 2 || _buf[_pos] != 0x1F || _buf[_pos + 1] != 0x8B)
            throw Bad(_members == 0 ? "not gzip data (no 1F 8B signature)" : "bytes after the last member are not a gzip member");
        if (!whole) throw Bad("truncated inside the member header");
        var flags = _buf[_pos + 3];
        if (_buf[_pos + 2] != 8 || (flags & FReserved) != 0)
            throw Bad($"unsupported header (compression method {_buf[_pos + 2]}, flags 0x{flags:X2})");
        var header = 10;
        if ((flags & FExtra) != 0)
        {
            await NeedHeaderAsync(header + 2, useAsync, ct);
            header += 2 + BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(_pos + header));
        }
        if ((flags & FName) != 0) header = await SkipZeroTerminatedAsync(header, useAsync, ct);
        if ((flags & FComment) != 0) header = await SkipZeroTerminatedAsync(header, useAsync, ct);
        if ((flags & FHcrc) != 0)
        {
            await NeedHeaderAsync(header + 2, useAsync, ct);
            if ((ushort)Crc32.HashToUInt32(_buf.AsSpan(_pos, header)) != BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(_pos + header)))
                throw Bad("header CRC mismatch");
            header += 2;
        }
        await NeedHeaderAsync(header, useAsync, ct);
        _pos += header;
        _piece = _pos;
        _crc.Reset();
        _memberSize = 0;
        _starved = false;
        _inflater = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    private async ValueTask NeedHeaderAsync(int count, bool useAsync, CancellationToken ct)
    {
        if (count > _buf.Length) throw Bad($"member header longer than {_buf.Length} bytes");
        if (!await EnsureAsync(count, useAsync, ct)) throw Bad("truncated inside the member header");
    }

    private async ValueTask<int> SkipZeroTerminatedAsync(int from, bool useAsync, CancellationToken ct)
    {
        while (true)
        {
            var zero = _buf.AsSpan(_pos + from, _len - _pos - from).IndexOf((byte)0);
            if (zero >= 0) return from + zero + 1;
            await NeedHeaderAsync(_len - _pos + 1, useAsync, ct);
        }
    }

    private async ValueTask EndMemberAsync(bool useAsync, CancellationToken ct)
    {
        var crc = _crc.GetCurrentHashAsUInt32();
        var size = (uint)_memberSize;
        // The trailer and the start of what follows it, for FindTrailer.
        await EnsureAsync(_pos - _piece + 10, useAsync, ct);
        var found = FindTrailer(crc, size);
        await _inflater!.DisposeAsync();
        _inflater = null;
        if (found < 0)
            throw Bad($"trailer check failed: no trailer with the CRC-32 {crc:X8} and length {size} of the member's {_memberSize} inflated bytes follows its final block near compressed byte {_bufBase + _pos} (a corrupt or cut trailer)");
        _pos = found + 8;
        _piece = _pos;
        _members++;
    }

    /// <summary>
    /// Where the member's trailer starts in <see cref="_buf"/>, or -1. The final block ended inside the last piece fed,
    /// after its first byte, and the trailer follows at once: a one-byte piece pins it. In a longer piece the same
    /// eight bytes can also occur before the trailer (an empty member ends 03 00 00 00 00 00 00 00 00 00), so a match
    /// that another member follows wins over the first match; longer pieces never reach into the last
    /// <see cref="Tail"/> bytes of the input, so something always follows the real trailer.
    /// </summary>
    private int FindTrailer(uint crc, uint size)
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], size);
        var exact = _pos - _piece == 1;
        var last = Math.Min(_pos, _len - 8);
        var first = -1;
        for (var from = exact ? _pos : _piece + 1; from <= last;)
        {
            var hit = _buf.AsSpan(from, last + 8 - from).IndexOf(trailer);
            if (hit < 0) break;
            var i = from + hit;
            if (exact || (i + 10 <= _len && _buf[i + 8] == 0x1F && _buf[i + 9] == 0x8B)) return i;
            if (first < 0) first = i;
            from = i + 1;
        }
        return first;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes from <see cref="_piece"/> on available; false at the end of the input.</summary>
    private async ValueTask<bool> EnsureAsync(int count, bool useAsync, CancellationToken ct)
    {
        while (_len - _piece < count)
        {
            if (_rawEnded) return false;
            if (_len == _buf.Length)
            {
                var shift = _piece;
                Buffer.BlockCopy(_buf, shift, _buf, 0, _len - shift);
                (_piece, _pos, _len, _bufBase) = (0, _pos - shift, _len - shift, _bufBase + shift);
            }
            var n = useAsync ? await _raw.ReadAsync(_buf.AsMemory(_len), ct) : _raw.Read(_buf, _len, _buf.Length - _len);
            if (n == 0) _rawEnded = true;
            else _len += n;
        }
        return true;
    }

    private async ValueTask<int> FeedAsync(Memory<byte> destination, bool useAsync, CancellationToken ct)
    {
        // The inflater asks again only once it has used every byte given, so the previous piece can go.
        _piece = _pos;
        await EnsureAsync(Tail + 1, useAsync, ct);
        var remaining = _len - _pos;
        if (remaining == 0)
        {
            _starved = true;
            return 0;
        }
        // The last Tail bytes of the input go one at a time, so that a member ending there ends exactly where the
        // feed stopped (see EndMemberAsync); fewer than Tail + 1 bytes remain only at the end of the input.
        var n = remaining <= Tail ? 1 : Math.Min(Math.Min(destination.Length, remaining - Tail), MaxPiece);
        _buf.AsSpan(_pos, n).CopyTo(destination.Span);
        _pos += n;
        return n;
    }

    private InvalidDataException Bad(string what, Exception? inner = null) =>
        new($"gzip member {_members + 1} (at compressed byte {_memberStart}): {what}", inner);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater?.Dispose();
            _raw.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_inflater is not null) await _inflater.DisposeAsync();
        await _raw.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The raw deflate bytes of the current member, as the inflater pulls them.</summary>
    private sealed class Feed(VerifiedGzipStream owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            owner.FeedAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None).GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            owner.FeedAsync(buffer.AsMemory(offset, count), useAsync: true, ct).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            owner.FeedAsync(buffer, useAsync: true, ct);

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
