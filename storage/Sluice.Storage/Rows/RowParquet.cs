using System.Runtime.CompilerServices;
using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Sluice.Storage.Rows;

/// <summary>
/// Parquet to rows through ParquetSharp's Arrow reader (Apache Arrow's C++ Parquet implementation, the reference
/// one): every type Arrow reads from Parquet — nested lists, structs and maps, int96 and float16, decimals,
/// byte-stream-split and delta encodings — arrives with the file's own schema. Page CRCs are verified where the
/// writer stored them: a page whose checksum does not match is refused.
/// </summary>
public static class RowParquet
{
    /// <summary>The rows of row groups <paramref name="firstRowGroup"/> onwards (at most
    /// <paramref name="rowGroupCount"/>), one list per row group. The stream must be seekable; it is not disposed.</summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, damaged, a checksum mismatch, or a column rows cannot
    /// hold; the message names the row group where known.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<Row>> ReadAsync(
        Stream seekable, int firstRowGroup = 0, int rowGroupCount = int.MaxValue, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        if (!seekable.CanSeek) throw new ArgumentException("Parquet needs a seekable stream", nameof(seekable));
        using var reader = Guard(() => Open(seekable), "footer");
        int groups = reader.NumRowGroups;
        long last = Math.Min(groups, (long)firstRowGroup + rowGroupCount);
        for (int g = firstRowGroup; g < last; g++)
        {
            ct.ThrowIfCancellationRequested();
            yield return await ReadGroupAsync(reader, g, ct);
        }
    }

    /// <summary>The number of row groups and rows and the Arrow schema of a Parquet file, from its footer.</summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, or a footer Arrow cannot map.</exception>
    public static (int RowGroups, long Rows, Schema Schema) Describe(Stream seekable)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        using var reader = Guard(() => Open(seekable), "footer");
        return (reader.NumRowGroups, Guard(() => reader.ParquetReader.FileMetaData.NumRows, "footer"), Guard(() => reader.Schema, "schema"));
    }

    private static FileReader Open(Stream seekable)
    {
        using var properties = ReaderProperties.GetDefaultReaderProperties();
        properties.EnablePageChecksumVerification();
        // Spark's int96 timestamps span years 1–9999, beyond int64 nanoseconds (±292 years around 1970).
        using var arrowProperties = ArrowReaderProperties.GetDefault();
        arrowProperties.CoerceInt96TimestampUnit = Apache.Arrow.Types.TimeUnit.Microsecond;
        return new FileReader(seekable, properties, arrowProperties, leaveOpen: true);
    }

    private static async Task<IReadOnlyList<Row>> ReadGroupAsync(FileReader reader, int group, CancellationToken ct)
    {
        var rows = new List<Row>();
        try
        {
            using var batches = reader.GetRecordBatchReader([group]);
            while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
            {
                using (batch) rows.AddRange(RowArrow.FromRecordBatch(batch));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"Parquet row group {group} cannot be read: {Message(e)}", e);
        }
        return rows;
    }

    internal static TResult Guard<TResult>(Func<TResult> read, string where)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Parquet {where} cannot be read: {Message(e)}", e);
        }
    }

    // ParquetSharp prefixes C++ messages with the mangled exception type; keep the sentence a person reads.
    private static string Message(Exception e)
    {
        var text = e.Message.Split('\n')[0];
        int at = text.IndexOf("(message: '", StringComparison.Ordinal);
        return at >= 0 ? text[(at + 11)..].TrimEnd(')', '\'') : text;
    }
}
