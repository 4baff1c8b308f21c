using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using Apache.Arrow.Memory;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Rows;

namespace Sluice.Storage.Formats;

/// <summary>
/// Reads Arrow IPC data in either layout: the file format (<c>ARROW1</c> magic; random access to batches when the
/// stream is seekable) or the stream format, with LZ4-frame or zstd compressed buffers. Every batch is validated
/// before a value is read (<see cref="ArrowBatchValidator"/>); big-endian data is refused. Before Apache.Arrow
/// allocates for a message, the lengths it declares are checked against the bytes the input holds: a seekable
/// file's footer blocks must lie within the file, and a stream's messages within the bytes left (or within
/// <see cref="MaxMessageBytesOfUnknownLength"/> when the length is unknown). Damaged input throws
/// <see cref="InvalidDataException"/> saying the data is truncated or corrupt; callers add the object name.
/// </summary>
public static class ArrowFormat
{
    private static readonly byte[] s_magic = "ARROW1"u8.ToArray();
    private static readonly byte[] s_endOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

    // What may follow an end-of-stream marker that opens a file's body: the footer (schema and batch blocks).
    private const int MaxFooterOnlyBytes = 64 << 20;

    // A schema message larger than this is not peeked at for its byte order; the IPC reader still reads it.
    private const int MaxSchemaMessageBytes = 16 << 20;

    private static readonly CompressionCodecFactory s_codecs = new();

    /// <summary>Most bytes one IPC message's metadata or body may declare when the input's length is unknown (a
    /// non-seekable stream): 1 GiB, four times Sluice's largest shard. A seekable input is held to the bytes it
    /// has left instead.</summary>
    public const long MaxMessageBytesOfUnknownLength = 1L << 30;

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
        var schema = typeof(T) == typeof(Row) ? null : RecordSchema<T>.Instance;
        long index = firstBatch;
        await foreach (var batch in ReadBatchesAsync(stream, firstBatch, batchCount, ct))
        {
            IReadOnlyList<T> records;
            using (batch) records = Materialize(schema, batch, index++);
            yield return records;
        }
    }

    /// <summary>
    /// The raw record batches, as <see cref="ReadAsync{T}"/> reads them, each checked by
    /// <see cref="ArrowBatchValidator"/> before it is returned; the caller disposes each batch. LZ4-frame and zstd
    /// compressed buffers are decompressed.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt (the message names the batch), a
    /// batch fails validation, or the data is big-endian, which Apache.Arrow for .NET would read byte-swapped.</exception>
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
            int count = await Guard(() => fileReader.RecordBatchCountAsync(), null);
            long last = Math.Min(count, (long)firstBatch + batchCount);
            for (int i = firstBatch; i < last; i++)
                yield return await ReadFileBatchAsync(fileReader, i, ct);
            yield break;
        }
        long index = 0;
        while (index < (long)firstBatch + batchCount)
        {
            var batch = await ReadStreamBatchAsync(streamReader!, index, ct);
            if (batch is null) yield break;
            if (index++ < firstBatch)
            {
                batch.Dispose();
                continue;
            }
            yield return batch;
        }
    }

    /// <summary>Describes Arrow data without materializing records; every batch is validated as
    /// <see cref="ReadBatchesAsync"/> does. The stream is not disposed.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt or big-endian.</exception>
    public static async Task<ArrowFileInfo> InspectAsync(Stream seekableOrNot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seekableOrNot);
        var (fileReader, streamReader) = await OpenAsync(seekableOrNot, ct);
        using var reader = (ArrowStreamReader?)fileReader ?? streamReader!;
        int batches = 0;
        long rows = 0;
        if (fileReader is not null)
        {
            batches = await Guard(() => fileReader.RecordBatchCountAsync(), null);
            for (int i = 0; i < batches; i++)
            {
                using var batch = await ReadFileBatchAsync(fileReader, i, ct);
                rows += batch.Length;
            }
        }
        else
        {
            while (await ReadStreamBatchAsync(streamReader!, batches, ct) is { } batch)
            {
                using (batch)
                {
                    batches++;
                    rows += batch.Length;
                }
            }
        }
        var schema = await Guard(() => reader.GetSchema(ct), null);
        return new ArrowFileInfo(
            fileReader is not null,
            schema.FieldsList.Select(f => $"{f.Name}: {Describe(f.DataType)}").ToArray(),
            batches,
            rows,
            schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>())
        {
            Schema = schema,
        };
    }

    private static async Task<RecordBatch> ReadFileBatchAsync(ArrowFileReader reader, int index, CancellationToken ct)
    {
        // A damaged block index can make the reader return no batch instead of throwing.
        var batch = await Guard(() => reader.ReadRecordBatchAsync(index, ct), index)
            ?? throw new InvalidDataException($"Arrow data is truncated or corrupt: record batch {index} is missing");
        return Validated(batch, index);
    }

    private static async Task<RecordBatch?> ReadStreamBatchAsync(ArrowStreamReader reader, long index, CancellationToken ct)
    {
        var batch = await Guard(() => reader.ReadNextRecordBatchAsync(ct), index);
        return batch is null ? null : Validated(batch, index);
    }

    private static IReadOnlyList<T> Materialize<T>(RecordSchema<T>? schema, RecordBatch batch, long index)
    {
        try
        {
            return schema is null ? (IReadOnlyList<T>)(object)RowArrow.FromRecordBatch(batch) : schema.FromRecordBatch(batch);
        }
        catch (Exception e) when (e is not (OperationCanceledException or InvalidDataException or NotSupportedException))
        {
            throw new InvalidDataException($"Arrow record batch {index} cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static RecordBatch Validated(RecordBatch batch, long index)
    {
        try
        {
            ArrowBatchValidator.Validate(batch);
            return batch;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            batch.Dispose();
            throw new InvalidDataException($"Arrow record batch {index} is invalid: {e.Message}", e);
        }
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
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        var head = new byte[8];
        int n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (n == 0) throw new InvalidDataException("Arrow data is truncated or corrupt: the input is empty");
        bool isFile = n >= s_magic.Length && head.AsSpan(0, s_magic.Length).SequenceEqual(s_magic);
        // The body (after a file's 8-byte preamble) is the stream format; its first message is the schema.
        var body = isFile
            ? await ReadFirstMessageAsync(stream, length - n, ct)
            : await ReadFirstMessageAsync(new PrefixedStream(head.AsMemory(0, n), stream), length, ct);
        if (ArrowSchemaEndianness.IsBigEndian(body.Message.Span))
            throw new InvalidDataException("Arrow data is big-endian; Sluice reads little-endian Arrow only (rewrite it with a little-endian writer)");
        if (isFile && stream.CanSeek)
        {
            stream.Seek(-(n + body.Consumed.Length), SeekOrigin.Current);
            return (await OpenFileAsync(stream, leaveOpen: true, ct), null);
        }
        // The stream reader starts where the bytes consumed here start: after the 8-byte preamble of a file.
        long? rest = length - (isFile ? n : 0);
        if (!isFile) return (null, OpenStream(new PrefixedStream(body.Consumed, stream), rest));
        // A non-seekable file is read on as a stream, unless the body opens with the end-of-stream marker: a file
        // closed before any batch by a writer that sends the schema only with the first batch (Apache.Arrow for
        // .NET) has its schema in the footer alone. Such a file holds nothing but the footer after the marker, so
        // it is read whole and opened as a file.
        if (body.Consumed.Length >= s_endOfStream.Length && body.Consumed.Span[..s_endOfStream.Length].SequenceEqual(s_endOfStream))
        {
            var whole = new MemoryStream();
            whole.Write(head);
            whole.Write(body.Consumed.Span);
            await CopyBoundedAsync(stream, whole, MaxFooterOnlyBytes, ct);
            whole.Position = 0;
            return (await OpenFileAsync(whole, leaveOpen: false, ct), null);
        }
        return (null, OpenStream(new PrefixedStream(body.Consumed, stream), rest));
    }

    private static async Task<ArrowFileReader> OpenFileAsync(Stream stream, bool leaveOpen, CancellationToken ct)
    {
        long origin = stream.Position;
        await Guard(async () =>
        {
            await ArrowFileBlocks.CheckAsync(stream, origin, ct);
            return true;
        }, null);
        stream.Position = origin;
        return new ArrowFileReader(stream, MemoryAllocator.Default.Value, s_codecs, leaveOpen);
    }

    private static ArrowStreamReader OpenStream(Stream stream, long? length) =>
        new(new ArrowMessageGuardStream(stream, length), s_codecs, leaveOpen: false);

    // Reads the first IPC message's length prefix and flatbuffer (not its body), returning every byte consumed; a
    // flatbuffer longer than the bytes left (when known) is not read, as the stream reader refuses it anyway.
    private static async Task<(ReadOnlyMemory<byte> Consumed, ReadOnlyMemory<byte> Message)> ReadFirstMessageAsync(
        Stream stream, long? available, CancellationToken ct)
    {
        var prefix = new byte[8];
        int n = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, ct);
        if (n < prefix.Length) return (prefix.AsMemory(0, n), ReadOnlyMemory<byte>.Empty);
        // Since Arrow 0.15 a message starts with the 0xFFFFFFFF continuation marker; older writers start with the length.
        bool continued = BinaryPrimitives.ReadUInt32LittleEndian(prefix) == 0xFFFFFFFF;
        int length = BinaryPrimitives.ReadInt32LittleEndian(continued ? prefix.AsSpan(4) : prefix);
        int start = continued ? 8 : 4;
        if (length <= 0 || length > MaxSchemaMessageBytes || length > available - start) return (prefix, ReadOnlyMemory<byte>.Empty);
        var all = new byte[start + length];
        prefix.CopyTo(all, 0);
        int m = await stream.ReadAtLeastAsync(all.AsMemory(prefix.Length), all.Length - prefix.Length, throwOnEndOfStream: false, ct);
        var consumed = all.AsMemory(0, prefix.Length + m);
        return (consumed, consumed[Math.Min(start, consumed.Length)..]);
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

    private static async ValueTask<TResult> Guard<TResult>(Func<ValueTask<TResult>> read, long? batch)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var where = batch is { } b ? $" in record batch {b}" : "";
            throw new InvalidDataException($"Arrow data is truncated or corrupt{where}: {e.Message}", e);
        }
    }
}
