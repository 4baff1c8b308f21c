using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// Cuts a gzip file into its members (RFC 1952) and inflates each on its own, so a WARC written one member per
/// record (the Common Crawl form) yields exact record offsets, and a damaged member costs that member only.
/// </summary>
/// <remarks>
/// <see cref="DeflateStream"/> does not say where a deflate stream ends, so the inflater is fed through
/// <see cref="Feed"/> in pieces: it asks for a piece only after using the previous one, so the final block ends in the
/// last piece fed and the 8-byte trailer (CRC-32 and length of the inflated bytes, both known by then) starts inside it.
/// The first match of the trailer there that the end of the file or another gzip signature follows is the member's
/// end. A member that fails (bad header, corrupt deflate data, no matching trailer) is reported, and reading resumes at
/// the next <c>1F 8B 08</c> signature after its start; a member inflating past the size limit is reported and
/// skipped, inflated into a scratch buffer so memory stays bounded.
/// </remarks>
internal sealed class GzipMemberScanner
{
    // Pieces fed to the inflater; the member start stays buffered for a rewind until this far behind.
    private const int MaxPiece = 8 << 10, RewindLimit = 4 << 20, KeptBuffer = 4 << 20;
    private const byte FHcrc = 0x02, FExtra = 0x04, FName = 0x08, FComment = 0x10, FReserved = 0xE0;
    private static readonly byte[] Signature = [0x1F, 0x8B, 0x08];

    private readonly ByteWindow _in;
    private readonly string _file;
    private readonly long _maxBytes;
    private ArrayBufferWriter<byte> _output = new(1 << 16);
    private long _memberStart, _pieceStart;
    private bool _starved;

    /// <param name="raw">The file's bytes from <paramref name="startOffset"/> on.</param>
    /// <param name="startOffset">File offset of the first byte of <paramref name="raw"/>.</param>
    /// <param name="file">The file's URI, for messages.</param>
    /// <param name="maxBytes">Most bytes one member may inflate to.</param>
    public GzipMemberScanner(Stream raw, long startOffset, string file, long maxBytes)
    {
        _in = new ByteWindow(raw, startOffset);
        _file = file;
        _maxBytes = maxBytes;
    }

    /// <summary>
    /// The members that start before <paramref name="end"/>. With <paramref name="sync"/> (a unit that starts inside
    /// a file) reading begins at the first member that inflates whole and whose bytes start as a WARC record
    /// (<c>WARC/</c>), and members that fail before it are skipped without a report.
    /// </summary>
    public async IAsyncEnumerable<GzipMember> ReadAsync(long end, bool sync, [EnumeratorCancellation] CancellationToken ct)
    {
        var resync = sync;
        while (true)
        {
            if (resync && !await _in.SeekAsync(Signature, ct)) yield break;
            if (_in.Offset >= end || !await _in.EnsureAsync(1, ct)) yield break;
            var offset = _in.Offset;
            var (data, error, fatal, positioned) = await ReadMemberAsync(offset, ct);
            if (error is null && resync && !WarcRecordParser.StartsLikeWarc(data!))
                (data, error) = (null, "not a WARC record");
            if (error is null)
            {
                resync = false;
                yield return new GzipMember(offset, data);
                continue;
            }
            if (!resync) yield return new GzipMember(offset, null, $"{_file} at byte {offset}: {error}", fatal);
            if (fatal) yield break;
            if (positioned) continue;
            // Look for the next member from just after this one's start (or, when that is no longer buffered, from
            // the piece where the damage was found).
            if (!_in.TryRewind(offset + 1)) _in.TryRewind(_pieceStart);
            resync = true;
        }
    }

    // Reads one member at the current position. Positioned: the member's end was found, so the next one follows.
    private async Task<(byte[]? Data, string? Error, bool Fatal, bool Positioned)> ReadMemberAsync(long offset, CancellationToken ct)
    {
        _memberStart = offset;
        _in.Keep = _in.Pos;
        var whole = await _in.EnsureAsync(10, ct);
        var b = _in.Buffer;
        var p = _in.Pos;
        if (_in.Available < 3 || b[p] != 0x1F || b[p + 1] != 0x8B)
            return offset == 0
                ? (null, "not gzip data (no 1F 8B signature at the start): the name says .gz but the bytes are not gzip", true, false)
                : (null, "not a gzip member (no 1F 8B signature)", false, false);
        if (!whole) return (null, "the file ends inside a gzip member header", true, false);
        var flags = b[p + 3];
        if (b[p + 2] != 8 || (flags & FReserved) != 0)
            return (null, $"unsupported gzip header (method {b[p + 2]}, flags 0x{flags:X2})", false, false);
        var header = 10;
        if ((flags & FExtra) != 0)
        {
            if (!await _in.EnsureAsync(header + 2, ct)) return (null, "the file ends inside a gzip member header", true, false);
            header += 2 + BinaryPrimitives.ReadUInt16LittleEndian(_in.Buffer.AsSpan(_in.Pos + header));
        }
        if ((flags & FName) != 0) header = await SkipZeroTerminatedAsync(header, ct);
        if ((flags & FComment) != 0) header = await SkipZeroTerminatedAsync(header, ct);
        if (header < 0) return (null, "unreadable gzip member header: the file ends inside its name or comment, or one is over 64 KiB", false, false);
        if ((flags & FHcrc) != 0) header += 2;
        if (!await _in.EnsureAsync(header, ct)) return (null, "the file ends inside a gzip member header", true, false);
        _in.Pos += header;
        _pieceStart = _in.Offset;
        return await InflateAsync(ct);
    }

    // The offset just past a zero-terminated header field that starts at `from` bytes into the header, or -1.
    private async ValueTask<int> SkipZeroTerminatedAsync(int from, CancellationToken ct)
    {
        if (from < 0) return -1;
        while (true)
        {
            if (!await _in.EnsureAsync(from + 1, ct)) return -1;
            var zero = _in.Buffer.AsSpan(_in.Pos + from, _in.Available - from).IndexOf((byte)0);
            if (zero >= 0) return from + zero + 1;
            if (_in.Available > 1 << 16) return -1;
            if (!await _in.EnsureAsync(_in.Available + 1, ct)) return -1;
        }
    }

    private async Task<(byte[]? Data, string? Error, bool Fatal, bool Positioned)> InflateAsync(CancellationToken ct)
    {
        var crc = new Crc32();
        var output = _output;
        output.ResetWrittenCount();
        var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        long total = 0;
        _starved = false;
        try
        {
            await using var inflater = new DeflateStream(new Feed(this), CompressionMode.Decompress, leaveOpen: false);
            while (true)
            {
                int n;
                // Within the limit the inflater writes straight into the member's buffer; past it, into scratch.
                var target = total < _maxBytes ? output.GetMemory(1 << 16) : scratch.AsMemory();
                try { n = await inflater.ReadAsync(target, ct); }
                catch (InvalidDataException e)
                {
                    return (null, $"corrupt deflate data near byte {_in.Offset}: {e.Message}", false, false);
                }
                if (n == 0) break;
                crc.Append(target.Span[..n]);
                if (total < _maxBytes) output.Advance(n);
                total += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        if (_starved) return (null, $"truncated: the file ends at byte {_in.Offset} inside the member ({total} bytes inflated)", true, false);
        if (!await FindTrailerAsync(crc.GetCurrentHashAsUInt32(), (uint)total, ct))
            return (null, $"no trailer with the CRC-32 and length of the {total} inflated bytes follows the deflate data (a corrupt or cut member)", false, false);
        if (total > _maxBytes) return (null, $"the member inflates to {total} bytes, over the {_maxBytes}-byte limit", false, true);
        var data = output.WrittenSpan.ToArray();
        // The buffer is reused for the next member, unless an outsized one grew it.
        if (output.Capacity > KeptBuffer) _output = new ArrayBufferWriter<byte>(1 << 16);
        return (data, null, false, true);
    }

    // Finds the trailer in the last piece fed and moves past it; see the class remarks.
    private async ValueTask<bool> FindTrailerAsync(uint crc, uint size, CancellationToken ct)
    {
        await _in.EnsureAsync(8 + 2, ct);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], size);
        var b = _in.Buffer;
        var from = (int)(_pieceStart - _in.BaseOffset);
        var last = Math.Min(_in.Pos, _in.Len - 8);
        var first = -1;
        for (var i = from; i <= last;)
        {
            var hit = b.AsSpan(i, last + 8 - i).IndexOf(trailer);
            if (hit < 0) break;
            i += hit;
            var next = i + 8;
            var followed = next == _in.Len ? _in.Ended : next + 1 < _in.Len && b[next] == 0x1F && b[next + 1] == 0x8B;
            if (followed)
            {
                first = i;
                break;
            }
            if (first < 0) first = i;
            i++;
        }
        if (first < 0) return false;
        _in.Pos = first + 8;
        _in.Keep = _in.Pos;
        return true;
    }

    /// <summary>The inflater's input: pieces of the window, each at most <see cref="MaxPiece"/> bytes.</summary>
    private sealed class Feed(GzipMemberScanner owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var input = owner._in;
            // The member's start stays buffered (for a rewind after damage) until it is far behind.
            var keep = input.Offset - owner._memberStart < RewindLimit ? owner._memberStart : input.Offset;
            input.Keep = (int)(keep - input.BaseOffset);
            if (input.Available == 0 && !await input.FillAsync(ct))
            {
                owner._starved = true;
                return 0;
            }
            var piece = Math.Min(Math.Min(buffer.Length, MaxPiece), input.Available);
            input.Buffer.AsSpan(input.Pos, piece).CopyTo(buffer.Span);
            owner._pieceStart = input.Offset;
            input.Pos += piece;
            return piece;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
