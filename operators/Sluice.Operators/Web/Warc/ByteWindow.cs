namespace Sluice.Operators.Web.Warc;

/// <summary>
/// A forward-only buffered view of a stream that knows the absolute offset of every byte it holds: what the gzip
/// member scan and the WARC record parser read through. Bytes from <see cref="Keep"/> on stay buffered; everything
/// before it may be dropped when more is read.
/// </summary>
internal sealed class ByteWindow(Stream stream, long startOffset, int capacity = 1 << 16)
{
    private byte[] _buf = new byte[capacity];
    private bool _ended;

    /// <summary>The buffered bytes.</summary>
    public byte[] Buffer => _buf;

    /// <summary>Index in <see cref="Buffer"/> of the next unread byte.</summary>
    public int Pos { get; set; }

    /// <summary>One past the last buffered byte.</summary>
    public int Len { get; private set; }

    /// <summary>Index in <see cref="Buffer"/> of the first byte that must stay buffered; at most <see cref="Pos"/>.</summary>
    public int Keep { get; set; }

    /// <summary>File offset of <c>Buffer[0]</c>.</summary>
    public long BaseOffset { get; private set; } = startOffset;

    /// <summary>File offset of the next unread byte.</summary>
    public long Offset => BaseOffset + Pos;

    /// <summary>Bytes buffered and not read yet.</summary>
    public int Available => Len - Pos;

    /// <summary>True once the stream has no more bytes to give.</summary>
    public bool Ended => _ended;

    /// <summary>Buffers at least <paramref name="count"/> unread bytes; false when the stream ends first.</summary>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken ct)
    {
        while (Len - Pos < count)
        {
            if (_ended) return false;
            Compact(count);
            var n = await stream.ReadAsync(_buf.AsMemory(Len), ct);
            if (n == 0) _ended = true;
            Len += n;
        }
        return true;
    }

    /// <summary>Reads whatever the stream gives next (at least one byte unless it has ended); false at its end.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken ct) => await EnsureAsync(Available + 1, ct) || Available > 0;

    /// <summary>Skips <paramref name="count"/> bytes, reading through them; false when the stream ends first.</summary>
    public async ValueTask<bool> SkipAsync(long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (Available == 0 && !await FillAsync(ct)) return false;
            var step = (int)Math.Min(count, Available);
            Pos += step;
            Keep = Pos;
            count -= step;
        }
        return true;
    }

    /// <summary>Copies up to <c>dest.Length</c> bytes; fewer only when the stream ends. <see cref="Keep"/> stays put.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> dest, CancellationToken ct)
    {
        var done = 0;
        while (done < dest.Length)
        {
            if (Available == 0 && !await FillAsync(ct)) break;
            var step = Math.Min(dest.Length - done, Available);
            _buf.AsSpan(Pos, step).CopyTo(dest.Span[done..]);
            Pos += step;
            done += step;
        }
        return done;
    }

    /// <summary>Moves the read position to file offset <paramref name="offset"/> when that byte is still buffered.</summary>
    public bool TryRewind(long offset)
    {
        if (offset < BaseOffset || offset > BaseOffset + Len) return false;
        Pos = (int)(offset - BaseOffset);
        Keep = Pos;
        return true;
    }

    /// <summary>Advances to the next occurrence of <paramref name="pattern"/>; false (and at the end) when there is none.</summary>
    public async ValueTask<bool> SeekAsync(ReadOnlyMemory<byte> pattern, CancellationToken ct)
    {
        while (true)
        {
            var hit = _buf.AsSpan(Pos, Len - Pos).IndexOf(pattern.Span);
            if (hit >= 0)
            {
                Pos += hit;
                Keep = Pos;
                return true;
            }
            // A match may straddle the refill: keep the last pattern-length-minus-one bytes.
            Pos = Math.Max(Pos, Len - pattern.Length + 1);
            Keep = Pos;
            if (!await EnsureAsync(Available + 1, ct))
            {
                Pos = Len;
                Keep = Pos;
                return false;
            }
        }
    }

    // Drops the bytes before Keep, then grows the buffer when the request still does not fit.
    private void Compact(int count)
    {
        var keep = Math.Min(Keep, Pos);
        if (keep > 0)
        {
            _buf.AsSpan(keep, Len - keep).CopyTo(_buf);
            BaseOffset += keep;
            Len -= keep;
            Pos -= keep;
            Keep -= keep;
        }
        if (Pos + count > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Pos + count));
    }
}
