using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Rows;
using Array = System.Array;

namespace Sluice.Storage.Formats;

/// <summary>
/// Reads Parquet files into records, one list per row group. Parquet needs random access: pass a seekable stream
/// (for object stores, a downloaded or ranged copy). Damaged input, and every failure of the Parquet library while
/// reading it, throws <see cref="InvalidDataException"/> naming the row group and column where known; callers add
/// the object name.
/// </summary>
public static class ParquetFormat
{
    /// <summary>Describes the file from its footer. The stream is not disposed.</summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, truncated, or a footer or schema the Parquet
    /// library cannot read (the message says which).</exception>
    public static async Task<ParquetFileInfo> InspectAsync(Stream seekable, CancellationToken ct = default)
    {
        await using var reader = await OpenAsync(seekable, ct);
        return Guard(() =>
        {
            var rows = new long[reader.RowGroupCount];
            for (int i = 0; i < rows.Length; i++)
            {
                using var group = reader.OpenRowGroupReader(i);
                rows[i] = group.RowCount;
            }
            return new ParquetFileInfo(
                reader.Schema.GetDataFields().Select(Describe).ToArray(),
                rows,
                rows.Sum(),
                reader.CustomMetadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>())
            {
                Leaves = reader.Schema.GetDataFields(),
            };
        }, "footer");
    }

    /// <summary>
    /// Decodes every value of every column once, without building records, so damage anywhere in the file is found;
    /// returns the number of rows. The stream is not disposed.
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read, a column chunk is damaged (the message names
    /// the row group and column), a column decodes to fewer or more rows than the footer says, or a column is one the
    /// Parquet library would decode wrongly (data page v2 booleans, Hadoop LZ4), which is refused by name.</exception>
    public static async Task<long> VerifyAsync(Stream seekable, CancellationToken ct = default)
    {
        await using var reader = await OpenAsync(seekable, ct);
        var leaves = Guard(() => reader.Schema.GetDataFields(), "schema");
        long rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = Guard(() => reader.OpenRowGroupReader(g), $"row group {g}");
            foreach (var leaf in leaves)
            {
                if (ParquetColumnRefusal.Check(seekable, group, leaf) is { } refusal)
                    throw new InvalidDataException($"row group {g}, column '{leaf.Path}' {refusal}");
                await GuardAsync(async () =>
                {
                    using var data = await group.ReadRawColumnDataBaseAsync(leaf, ct);
                    return 0;
                }, $"row group {g}, column '{leaf.Path}'");
            }
            rows += group.RowCount;
        }
        return rows;
    }

    // Parquet.Net reports strings as ReadOnlyMemory<char>; print the logical type people expect.
    private static string Describe(DataField f)
    {
        var type = f.ClrType == typeof(ReadOnlyMemory<char>) || f.ClrType == typeof(string) ? "string" : f.ClrType.Name.ToLowerInvariant();
        return $"{f.Path}: {type}{(f.IsNullable ? "?" : "")}{(f.MaxRepetitionLevel > 0 ? " (list)" : "")}";
    }

    /// <summary>
    /// Reads row groups <paramref name="firstRowGroup"/> onwards (at most <paramref name="rowGroupCount"/>), one list
    /// per row group. Columns are matched by name; missing nullable columns read as null/default. The stream is not
    /// disposed. <see cref="Row"/>s are read with the file's own schema through <see cref="RowParquet"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, truncated, or a column does not fit
    /// <typeparamref name="T"/> (the message names it).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        Stream seekable, int firstRowGroup = 0, int rowGroupCount = int.MaxValue, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRowGroup);
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroupCount);
        if (typeof(T) == typeof(Row))
        {
            await foreach (var rows in RowParquet.ReadAsync(seekable, firstRowGroup, rowGroupCount, ct))
                yield return (IReadOnlyList<T>)rows;
            yield break;
        }
        var schema = RecordSchema<T>.Instance;
        await using var reader = await OpenAsync(seekable, ct);
        var leaves = Guard(() => reader.Schema.GetDataFields(), "schema");
        long last = Math.Min(reader.RowGroupCount, (long)firstRowGroup + rowGroupCount);
        for (int g = firstRowGroup; g < last; g++)
        {
            using var group = Guard(() => reader.OpenRowGroupReader(g), $"row group {g}");
            int n = group.RowCount is >= 0 and <= int.MaxValue ? (int)group.RowCount
                : throw new InvalidDataException($"row group {g} claims {group.RowCount} rows");
            var arrays = new Array[schema.Columns.Count];
            for (int c = 0; c < arrays.Length; c++)
            {
                var column = schema.Columns[c];
                var leaf = leaves.FirstOrDefault(f => f.Path.ToList()[0] == column.Name)
                    ?? leaves.FirstOrDefault(f => string.Equals(f.Path.ToList()[0], column.Name, StringComparison.OrdinalIgnoreCase));
                if (leaf is null)
                {
                    arrays[c] = column.IsNullable ? column.Defaults(n)
                        : throw new InvalidDataException($"column '{column.Name}' ({typeof(T).Name}.{column.Property.Name}) is missing and is not nullable");
                    continue;
                }
                if (ParquetColumnRefusal.Check(seekable, group, leaf) is { } refusal)
                    throw new InvalidDataException($"row group {g}, column '{leaf.Path}' {refusal}");
                try
                {
                    arrays[c] = await column.ReadParquet(group, leaf, n, ct);
                }
                catch (Exception e) when (e is not (OperationCanceledException or InvalidDataException))
                {
                    throw new InvalidDataException($"Parquet data is truncated or corrupt in row group {g}, column '{column.Name}': {e.Message}", e);
                }
            }
            yield return Guard(() => schema.Materialize(arrays, n), $"row group {g}");
        }
    }

    // Parquet.Net reports damage and unsupported layouts with many exception types (index, cast, null reference,
    // not supported); each becomes an InvalidDataException naming where it happened.
    private static TResult Guard<TResult>(Func<TResult> read, string where)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Parquet {where} cannot be read: {e.Message}", e);
        }
    }

    private static async Task<TResult> GuardAsync<TResult>(Func<Task<TResult>> read, string where)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Parquet {where} cannot be read: {e.Message}", e);
        }
    }

    private static async Task<ParquetReader> OpenAsync(Stream seekable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        if (!seekable.CanSeek) throw new ArgumentException("Parquet needs a seekable stream", nameof(seekable));
        try
        {
            return await ParquetReader.CreateAsync(seekable, null, leaveStreamOpen: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"not a Parquet file, or truncated: {e.Message}", e);
        }
    }
}
