using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Sluice.Storage.Formats.Internal;

namespace Sluice.Storage.Formats;

/// <summary>
/// Reads Arrow IPC data in either layout: the file format (<c>ARROW1</c> magic; random access to batches when the
/// stream is seekable) or the stream format. Damaged input throws <see cref="InvalidDataException"/> saying the data
/// is truncated or corrupt; callers add the object name.
/// </summary>
public static class ArrowFormat
{
    private static readonly byte[] s_magic = "ARROW1"u8.ToArray();
    private static readonly byte[] s_endOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

    // What may follow an end-of-stream marker that opens a file's body: the footer (schema and batch blocks).
    private const int MaxFooterOnlyBytes = 64 << 20;

    /// <summary>
    /// Reads the records of batches <paramref name="firstBatch"/> onwards (at most <paramref name="batchCount"/>),
    /// one list per record batch. The stream is not disposed.
    /// </summary>
    /// <param name="stream">Arrow IPC file or stream data; batch skipping is free only for a seekable file.</param>
    /// <param name="firstBatch">Index of the first batch to read. Default 0.</param>
    /// <param name="batchCount">Most batches to read. Default all.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt, or a column does not fit
    /// <typeparamref name="T"/> (the message names it).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        Stream stream, int firstBatch = 0, int batchCount = int.MaxValue, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var schema = RecordSchema<T>.Instance;
        await foreach (var batch in ReadBatchesAsync(stream, firstBatch, batchCount, ct))
        {
            using (batch) yield return schema.FromRecordBatch(batch);
        }
    }

    /// <summary>
    /// The raw record batches, as <see cref="ReadAsync{T}"/> reads them; the caller disposes each batch.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt.</exception>
    public static async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(
        Stream stream, int firstBatch = 0, int batchCount = int.MaxValue, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(batchCount);
        var (fileReader, streamReader) = await OpenAsync(stream, ct);
        using var reader = (ArrowStreamReader?)fileReader ?? streamReader!;
        if (fileReader is not null)
        {
            int count = await Guard(() => fileReader.RecordBatchCountAsync());
            long last = Math.Min(count, (long)firstBatch + batchCount);
            for (int i = firstBatch; i < last; i++)
                yield return await Guard(() => fileReader.ReadRecordBatchAsync(i, ct));
            yield break;
        }
        long index = 0;
        while (index < (long)firstBatch + batchCount)
        {
            var batch = await Guard(() => streamReader!.ReadNextRecordBatchAsync(ct));
            if (batch is null) yield break;
            if (index++ < firstBatch)
            {
                batch.Dispose();
                continue;
            }
            yield return batch;
        }
    }

    /// <summary>Describes Arrow data without materializing records. The stream is not disposed.</summary>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt.</exception>
    public static async Task<ArrowFileInfo> InspectAsync(Stream seekableOrNot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seekableOrNot);
        var (fileReader, streamReader) = await OpenAsync(seekableOrNot, ct);
        using var reader = (ArrowStreamReader?)fileReader ?? streamReader!;
        int batches = 0;
        long rows = 0;
        if (fileReader is not null)
        {
            batches = await Guard(() => fileReader.RecordBatchCountAsync());
            for (int i = 0; i < batches; i++)
            {
                using var batch = await Guard(() => fileReader.ReadRecordBatchAsync(i, ct));
                rows += batch.Length;
            }
        }
        else
        {
            while (await Guard(() => streamReader!.ReadNextRecordBatchAsync(ct)) is { } batch)
            {
                using (batch)
                {
                    batches++;
                    rows += batch.Length;
                }
            }
        }
        var schema = await Guard(() => reader.GetSchema(ct));
        return new ArrowFileInfo(
            fileReader is not null,
            schema.FieldsList.Select(f => $"{f.Name}: {Describe(f.DataType)}").ToArray(),
            batches,
            rows,
            schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>());
    }

    private static string Describe(Apache.Arrow.Types.IArrowType type) => type switch
    {
        Apache.Arrow.Types.FixedSizeListType f => $"fixed_size_list<{Describe(f.ValueDataType)}>[{f.ListSize}]",
        Apache.Arrow.Types.ListType l => $"list<{Describe(l.ValueDataType)}>",
        Apache.Arrow.Types.TimestampType t => $"timestamp[{t.Unit}, {t.Timezone}]",
        _ => type.Name,
    };

    private static async Task<(ArrowFileReader?, ArrowStreamReader?)> OpenAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[8];
        int n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (n == 0) throw new InvalidDataException("Arrow data is truncated or corrupt: the input is empty");
        bool isFile = n >= s_magic.Length && head.AsSpan(0, s_magic.Length).SequenceEqual(s_magic);
        if (isFile && stream.CanSeek)
        {
            stream.Seek(-n, SeekOrigin.Current);
            return (new ArrowFileReader(stream, leaveOpen: true), null);
        }
        if (!isFile) return (null, new ArrowStreamReader(new PrefixedStream(head.AsMemory(0, n), stream), leaveOpen: true));
        // The file format's body after its 8-byte preamble is the stream format, so a non-seekable file is read on,
        // unless the body opens with the end-of-stream marker: a file closed before any batch by a writer that sends
        // the schema only with the first batch (Apache.Arrow for .NET) has its schema in the footer alone. Such a
        // file holds nothing but the footer after the marker, so it is read whole and opened as a file.
        var next = new byte[8];
        int m = await stream.ReadAtLeastAsync(next, next.Length, throwOnEndOfStream: false, ct);
        if (m == next.Length && next.AsSpan().SequenceEqual(s_endOfStream))
        {
            var whole = new MemoryStream();
            whole.Write(head);
            whole.Write(next);
            await CopyBoundedAsync(stream, whole, MaxFooterOnlyBytes, ct);
            whole.Position = 0;
            return (new ArrowFileReader(whole, leaveOpen: false), null);
        }
        return (null, new ArrowStreamReader(new PrefixedStream(next.AsMemory(0, m), stream), leaveOpen: true));
    }

    private static async Task CopyBoundedAsync(Stream from, Stream to, int limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (to.Length + n > limit)
                throw new InvalidDataException($"Arrow data is truncated or corrupt: over {limit} bytes follow the end-of-stream marker");
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
        }
    }

    private static async ValueTask<TResult> Guard<TResult>(Func<ValueTask<TResult>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Arrow data is truncated or corrupt: {e.Message}", e);
        }
    }
}
