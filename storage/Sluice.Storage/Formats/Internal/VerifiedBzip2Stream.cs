using ICSharpCode.SharpZipLib.BZip2;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Reads bzip2 (SharpZipLib's decoder, which checks each block's CRC and the stream's combined CRC) and, as
/// <c>bzip2 -d</c> does, every stream of a file that concatenates several. Nothing damaged reads as complete: a stream
/// cut short, a CRC that does not match, or bytes after a stream that do not start another one surface from the read
/// calls as <see cref="InvalidDataException"/> naming the stream (counted from 1). Zero bytes read as empty.
/// </summary>
internal sealed class VerifiedBzip2Stream : Stream
{
    private readonly BufferedStream _raw;
    private BZip2InputStream? _current;
    private int _stream;
    private bool _done;

    /// <summary>Reads the bzip2 streams of <paramref name="raw"/>, which this stream owns.</summary>
    public VerifiedBzip2Stream(Stream raw) => _raw = new BufferedStream(raw, 1 << 16);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        while (!_done && buffer.Length > 0)
        {
            int n;
            try
            {
                // The decoder reads the first block as it is made, so damage can surface there too.
                if (_current is null && !StartNext()) return 0;
                n = _current!.Read(buffer);
            }
            catch (Exception e) when (e is BZip2Exception or EndOfStreamException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"bzip2 stream {_stream} is damaged: {e.Message}", e);
            }
            if (n > 0) return n;
            _current.Dispose();
            _current = null;
        }
        return 0;
    }

    // A stream starts with "BZh" and a block size digit; anything else after a stream is damage, the end is the end.
    private bool StartNext()
    {
        var first = _raw.ReadByte();
        if (first < 0)
        {
            _done = true;
            return false;
        }
        Span<byte> magic = stackalloc byte[4];
        magic[0] = (byte)first;
        var got = 1 + _raw.ReadAtLeast(magic[1..], 3, throwOnEndOfStream: false);
        _stream++;
        if (got < 4 || magic[0] != 'B' || magic[1] != 'Z' || magic[2] != 'h' || magic[3] is < (byte)'1' or > (byte)'9')
            throw new InvalidDataException(_stream == 1 ? "not bzip2 data (no 'BZh' header)" : $"bytes after bzip2 stream {_stream - 1} do not start another stream");
        _current = new BZip2InputStream(new PrefixedStream(magic.ToArray(), _raw)) { IsStreamOwner = false };
        return true;
    }

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _raw.Dispose();
        }
        base.Dispose(disposing);
    }
}
