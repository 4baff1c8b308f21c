using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Sluice.Storage.Formats.Internal;

namespace Sluice.Storage.Formats;

/// <summary>
/// JSON Lines reading: one record per <c>\n</c>-terminated line (a trailing <c>\r</c> is ignored), with bad lines
/// reported as <see cref="JsonlItem{T}"/> errors instead of failing the read.
/// </summary>
public static class JsonlFormat
{
    private const int InitialBuffer = 1 << 16;

    /// <summary>
    /// Reads records from a decompressed stream, yielding one item per non-blank line: a record, or an error
    /// that says why the line was rejected (malformed JSON, a key given twice, a null or missing field that
    /// <typeparamref name="T"/> does not allow, invalid UTF-8, longer than <see cref="JsonlReadOptions.MaxLineBytes"/>,
    /// JSON <c>null</c>; see <see cref="SluiceJson.RecordReadOptions"/>). Blank lines are skipped silently; a UTF-8
    /// byte order mark at file offset 0 is ignored. When the stream itself fails (corrupt or truncated gzip/zstd)
    /// the read yields one last item with <see cref="JsonlItem{T}.Fatal"/> set, naming the line and offset reached,
    /// and ends; items yielded before it stand.
    /// </summary>
    /// <remarks>
    /// <para>Byte ranges. A line belongs to the range holding its first byte, so consecutive ranges
    /// [a0,a1), [a1,a2), … of one uncompressed file yield every line exactly once. To read range [a,b):</para>
    /// <list type="bullet">
    /// <item>a = 0: pass a stream at offset 0, <paramref name="startOffset"/> = 0,
    /// <paramref name="skipPartialFirstLine"/> = false.</item>
    /// <item>a &gt; 0: pass a stream positioned at offset a − 1, <paramref name="startOffset"/> = a − 1 and
    /// <paramref name="skipPartialFirstLine"/> = true. The reader drops bytes up to and including the first
    /// <c>\n</c>; when byte a − 1 is itself <c>\n</c> that drops only it, so a line starting exactly at a is kept.</item>
    /// </list>
    /// <para>In both cases pass <paramref name="endOffset"/> = b: lines starting at or after b are not yielded, while
    /// the last line starting before b is read to its end past b.</para>
    /// </remarks>
    /// <param name="decompressed">The stream, positioned at <paramref name="startOffset"/>; not disposed here.</param>
    /// <param name="options">Limits; see <see cref="JsonlReadOptions"/>.</param>
    /// <param name="startOffset">File offset of the stream's current position. Default 0.</param>
    /// <param name="endOffset">Exclusive end of the range of line starts. Default: the end of the file.</param>
    /// <param name="skipPartialFirstLine">Drop bytes through the first <c>\n</c> first. Default false.</param>
    /// <param name="ct">Cancels the read with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Negative offsets, <paramref name="endOffset"/> before
    /// <paramref name="startOffset"/>, or a non-positive <see cref="JsonlReadOptions.MaxLineBytes"/>.</exception>
    public static async IAsyncEnumerable<JsonlItem<T>> ReadAsync<T>(
        Stream decompressed,
        JsonlReadOptions options,
        long startOffset = 0,
        long endOffset = long.MaxValue,
        bool skipPartialFirstLine = false,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decompressed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(endOffset, startOffset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxLineBytes);

        int max = options.MaxLineBytes;
        int cap = (int)Math.Min((long)max + 1, Array.MaxLength);
        byte[] buf = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBuffer, cap));
        int start = 0, end = 0, scan = 0;
        long bufBase = startOffset, lineNo = 0;
        bool skipping = skipPartialFirstLine, eof = false;
        bool overlong = false;
        long overlongLine = 0, overlongOffset = 0;
        try
        {
            while (true)
            {
                while (true)
                {
                    int nl = buf.AsSpan(scan, end - scan).IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        scan = end;
                        break;
                    }
                    nl += scan;
                    long offset = bufBase + start;
                    int lineStart = start;
                    start = scan = nl + 1;
                    if (skipping)
                    {
                        skipping = false;
                        if (overlong)
                        {
                            overlong = false;
                            yield return Overlong<T>(overlongLine, overlongOffset, max);
                        }
                        continue;
                    }
                    if (offset >= endOffset) yield break;
                    lineNo++;
                    int length = nl - lineStart;
                    if (length > max)
                    {
                        yield return Overlong<T>(lineNo, offset, max);
                        continue;
                    }
                    var item = Parse<T>(buf.AsSpan(lineStart, length), lineNo, offset);
                    if (item is { } it) yield return it;
                }

                if (eof)
                {
                    if (skipping)
                    {
                        if (overlong) yield return Overlong<T>(overlongLine, overlongOffset, max);
                    }
                    else if (start < end && bufBase + start < endOffset)
                    {
                        lineNo++;
                        var item = Parse<T>(buf.AsSpan(start, end - start), lineNo, bufBase + start);
                        if (item is { } it) yield return it;
                    }
                    yield break;
                }

                if (skipping)
                {
                    // No line feed in the buffer: everything in it belongs to the line being skipped.
                    start = scan = end;
                }
                else if (end - start > max)
                {
                    long offset = bufBase + start;
                    if (offset >= endOffset) yield break;
                    lineNo++;
                    (overlong, overlongLine, overlongOffset, skipping) = (true, lineNo, offset, true);
                    start = scan = end;
                }

                if (start > 0)
                {
                    Buffer.BlockCopy(buf, start, buf, 0, end - start);
                    bufBase += start;
                    scan -= start;
                    end -= start;
                    start = 0;
                }
                if (end == buf.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buf.Length * 2, cap));
                    Buffer.BlockCopy(buf, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buf);
                    buf = bigger;
                }

                int read = 0;
                Exception? failure = null;
                try
                {
                    read = await decompressed.ReadAsync(buf.AsMemory(end), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failure = e;
                }
                if (failure is not null)
                {
                    long line = overlong ? overlongLine : lineNo + 1;
                    long offset = overlong ? overlongOffset : bufBase + start;
                    yield return new JsonlItem<T>(default, line, offset,
                        $"stream failed at line {line} (byte offset {offset}, {bufBase + end} bytes read): {failure.GetType().Name}: {failure.Message}",
                        Fatal: true);
                    yield break;
                }
                if (read == 0) eof = true;
                else end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    private static JsonlItem<T> Overlong<T>(long line, long offset, int max) =>
        new(default, line, offset, $"line longer than the {max}-byte limit (MaxLineBytes); skipped");

    private static JsonlItem<T>? Parse<T>(ReadOnlySpan<byte> line, long lineNo, long offset)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (offset == 0 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        if (line.IndexOfAnyExcept(" \t\r"u8) < 0) return null;
        if (!Utf8.IsValid(line))
            return new JsonlItem<T>(default, lineNo, offset, $"invalid UTF-8 at byte {FirstInvalidUtf8(line)} of the line");
        try
        {
            var record = JsonSerializer.Deserialize<T>(line, SluiceJson.RecordReadOptions);
            return record is null
                ? new JsonlItem<T>(default, lineNo, offset, "line is JSON null")
                : new JsonlItem<T>(record, lineNo, offset, null);
        }
        catch (ForbiddenNullException e)
        {
            var where = e.Path is null or "$" ? "" : $" (at {e.Path})";
            return new JsonlItem<T>(default, lineNo, offset, e.Message + where);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new JsonlItem<T>(default, lineNo, offset, $"malformed JSON for {typeof(T).Name}: {e.Message}");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return i;
    }
}
