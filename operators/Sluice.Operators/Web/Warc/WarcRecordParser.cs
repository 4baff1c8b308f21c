using System.Globalization;
using System.Text;

namespace Sluice.Operators.Web.Warc;

/// <summary>
/// Parses WARC records (ISO 28500:2017, WARC/1.0 and 1.1) from a <see cref="ByteWindow"/>: a version line, header
/// fields up to an empty line, a block of exactly Content-Length bytes, then CRLF CRLF. A record that breaks one of these
/// is reported and the parser moves to the next line that starts with <c>WARC/1.</c>, so one bad record costs itself.
/// </summary>
internal static class WarcRecordParser
{
    /// <summary>Longest header (version line and fields) read before the record is refused: 64 KiB.</summary>
    public const int MaxHeaderBytes = 64 << 10;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] NextRecord = "\nWARC/1."u8.ToArray();

    /// <summary>True when <paramref name="data"/> begins as a WARC record does.</summary>
    public static bool StartsLikeWarc(ReadOnlySpan<byte> data) => data.StartsWith("WARC/"u8);

    /// <summary>
    /// Reads the record at the window's position and leaves the window where the next one may start. Never throws on
    /// bad bytes; a block over <paramref name="maxBlockBytes"/> is skipped without being held in memory.
    /// </summary>
    public static async ValueTask<WarcParse> ReadAsync(ByteWindow input, long maxBlockBytes, CancellationToken ct)
    {
        // Records are separated by CRLF CRLF; writers that add more blank lines are tolerated.
        while (await input.EnsureAsync(1, ct) && input.Buffer[input.Pos] is (byte)'\r' or (byte)'\n') input.Pos++;
        input.Keep = input.Pos;
        var offset = input.Offset;
        if (input.Available == 0) return new WarcParse(offset, null, End: true);

        var headerLength = await FindHeaderEndAsync(input, ct);
        var head = input.Buffer.AsSpan(input.Pos, headerLength < 0 ? Math.Min(input.Available, 64) : headerLength);
        if (!head.StartsWith("WARC/1."u8))
            return await SkipToNextAsync(input, offset, $"no WARC/1.x version line (the record starts with {Quote(head)})", ct);
        if (headerLength < 0)
            return await SkipToNextAsync(input, offset, input.Ended && input.Available < MaxHeaderBytes
                ? "the input ends inside the record header" : $"the record header is longer than {MaxHeaderBytes} bytes", ct);

        var (version, fields) = ParseHeader(head);
        // The record's start stays buffered until it is read whole, so a wrong Content-Length can be undone.
        input.Pos += headerLength + HeaderEnd.Length;
        var lengthText = fields.FirstOrDefault(f => f.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            return await SkipToNextAsync(input, offset, lengthText is null ? "no Content-Length field" : $"Content-Length '{lengthText}' is not a number", ct);
        if (length > maxBlockBytes)
        {
            if (!await input.SkipAsync(length, ct))
                return new WarcParse(offset, null, $"Content-Length {length} is over the {maxBlockBytes}-byte limit, and overruns the input", End: true);
            await SkipSeparatorAsync(input, ct);
            return new WarcParse(offset, null, $"the record's block is {length} bytes, over the {maxBlockBytes}-byte limit");
        }
        var block = new byte[length];
        var got = await input.ReadAsync(block, ct);
        if (got < length)
            return new WarcParse(offset, null, $"Content-Length {length} overruns the input: only {got} bytes follow the header", End: true);
        if (!await SkipSeparatorAsync(input, ct))
        {
            // The length is wrong (or the bytes after the block were damaged): the block cannot be trusted, and the
            // next record may begin inside it.
            input.TryRewind(offset + 1);
            return await SkipToNextAsync(input, offset, $"Content-Length {length} does not end the record: no CRLF CRLF follows the block", ct);
        }
        return new WarcParse(offset, new WarcRawRecord(version, fields, block));
    }

    // Bytes from the position to the first CRLF CRLF, reading up to MaxHeaderBytes; -1 when there is none.
    private static async ValueTask<int> FindHeaderEndAsync(ByteWindow input, CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var at = input.Buffer.AsSpan(input.Pos + searched, input.Available - searched).IndexOf(HeaderEnd);
            if (at >= 0) return searched + at;
            searched = Math.Max(0, input.Available - HeaderEnd.Length + 1);
            if (input.Available >= MaxHeaderBytes || !await input.EnsureAsync(input.Available + 1, ct)) return -1;
        }
    }

    private static async ValueTask<bool> SkipSeparatorAsync(ByteWindow input, CancellationToken ct)
    {
        if (!await input.EnsureAsync(4, ct))
        {
            // A last record may end without its separator, or with a short one, as some writers leave it.
            var rest = input.Buffer.AsSpan(input.Pos, input.Available);
            if (!"\r\n\r\n"u8.StartsWith(rest)) return false;
            input.Pos += rest.Length;
            return true;
        }
        if (!input.Buffer.AsSpan(input.Pos, 4).SequenceEqual(HeaderEnd)) return false;
        input.Pos += 4;
        input.Keep = input.Pos;
        return true;
    }

    private static async ValueTask<WarcParse> SkipToNextAsync(ByteWindow input, long offset, string error, CancellationToken ct)
    {
        if (await input.SeekAsync(NextRecord, ct)) input.Pos++;
        input.Keep = input.Pos;
        return new WarcParse(offset, null, error, End: input.Ended && input.Available == 0);
    }

    private static (string Version, List<KeyValuePair<string, string>> Fields) ParseHeader(ReadOnlySpan<byte> head)
    {
        // WARC/1.1 header fields are UTF-8 (earlier versions say ASCII, a subset).
        var lines = Encoding.UTF8.GetString(head).Split("\r\n");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && fields.Count > 0)
            {
                var last = fields[^1];
                fields[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return (lines[0].Trim(), fields);
    }

    private static string Quote(ReadOnlySpan<byte> head)
    {
        var text = new StringBuilder();
        foreach (var b in head[..Math.Min(head.Length, 20)]) text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        return $"'{text}'";
    }
}
