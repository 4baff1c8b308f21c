using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Array = System.Array;

namespace Sluice.Storage.Formats;

/// <summary>
/// Reads Parquet files into records, one list per row group. Parquet needs random access: pass a seekable stream
/// (for object stores, a downloaded or ranged copy). Damaged input throws <see cref="InvalidDataException"/> saying
/// it is not a Parquet file or is truncated; callers add the object name.
/// </summary>
public static class ParquetFormat
{
    /// <summary>Describes the file from its footer. The stream is not disposed.</summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, or truncated.</exception>
    public static async Task<ParquetFileInfo> InspectAsync(Stream seekable, CancellationToken ct = default)
    {
        await using var reader = await OpenAsync(seekable, ct);
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
            reader.CustomMetadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>());
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
    /// disposed.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, truncated, or a column does not fit
    /// <typeparamref name="T"/> (the message names it).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        Stream seekable, int firstRowGroup = 0, int rowGroupCount = int.MaxValue, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRowGroup);
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroupCount);
        var schema = RecordSchema<T>.Instance;
        await using var reader = await OpenAsync(seekable, ct);
        var leaves = reader.Schema.GetDataFields();
        long last = Math.Min(reader.RowGroupCount, (long)firstRowGroup + rowGroupCount);
        for (int g = firstRowGroup; g < last; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
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
                try
                {
                    arrays[c] = await column.ReadParquet(group, leaf, n, ct);
                }
                catch (Exception e) when (e is not (OperationCanceledException or InvalidDataException))
                {
                    throw new InvalidDataException($"Parquet data is truncated or corrupt in row group {g}, column '{column.Name}': {e.Message}", e);
                }
            }
            yield return schema.Materialize(arrays, n);
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
