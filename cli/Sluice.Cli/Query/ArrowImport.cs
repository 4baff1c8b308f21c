using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.C;
using DuckDB.NET.Data;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Query;

/// <summary>
/// Loads Arrow IPC shards into a DuckDB temporary table. The DuckDB that DuckDB.NET.Data.Full bundles has no Arrow IPC
/// file reader, but its C API scans an Arrow C stream: the shards are read by Sluice's own
/// <see cref="ArrowFormat.ReadBatchesAsync"/> (every batch validated, compressed buffers decompressed) and the batches
/// exported to DuckDB, which copies them into the table. The table lives as long as the connection.
/// </summary>
internal static partial class ArrowImport
{
    /// <summary>Copies the batches of <paramref name="shards"/> (keys and local paths of Arrow IPC files of one schema) into temporary table <paramref name="table"/>.</summary>
    /// <exception cref="QueryException">A shard's schema differs from the first one's, or DuckDB refuses the stream.</exception>
    /// <exception cref="InvalidDataException">A shard is corrupt; the message names it.</exception>
    public static async Task LoadAsync(DuckDBConnection connection, string table, string uri, IReadOnlyList<(string Key, string Path)> shards, CancellationToken ct)
    {
        Schema? schema = null;
        var batches = new List<RecordBatch>();
        try
        {
            foreach (var (key, path) in shards)
            {
                await using var file = File.OpenRead(path);
                await foreach (var batch in ArrowFormat.ReadBatchesAsync(file, ct: ct))
                {
                    batches.Add(batch);
                    schema ??= batch.Schema;
                    if (!SameColumns(schema, batch.Schema))
                        throw new QueryException($"dataset '{uri}': shard {key} has columns ({Describe(batch.Schema)}), unlike the first shard's ({Describe(schema)})");
                }
            }
        }
        catch
        {
            foreach (var batch in batches) batch.Dispose();
            throw;
        }
        if (schema is null) throw new QueryException($"dataset '{uri}' has no record batches: there is nothing to query (and no schema)");
        Scan(connection, table, new ArrowStreamOfBatches(schema, batches));
    }

    private static unsafe void Scan(DuckDBConnection connection, string table, ArrowStreamOfBatches stream)
    {
        var view = table + "_stream";
        // The C struct stays allocated: DuckDB keeps the stream it scanned until the connection closes and releases it
        // then; the batches themselves are gone once read (see ArrowStreamOfBatches).
        var exported = CArrowArrayStream.Create();
        CArrowArrayStreamExporter.ExportArrayStream(stream, exported);
        if (duckdb_arrow_scan(connection.NativeConnection.DangerousGetHandle(), view, (IntPtr)exported) != 0)
            throw new QueryException($"DuckDB refused the Arrow stream of table {table}");
        using var copy = connection.CreateCommand();
        // Copied once into a table: the stream can be read only once, and a query may scan a dataset twice (a self-join).
        copy.CommandText = $"CREATE TEMP TABLE {table} AS SELECT * FROM {view}; DROP VIEW {view};";
        copy.ExecuteNonQuery();
    }

    private static bool SameColumns(Schema a, Schema b) => Describe(a) == Describe(b);

    private static string Describe(Schema schema) => string.Join(", ", schema.FieldsList.Select(f => $"{f.Name} {f.DataType.Name}"));

    [LibraryImport("duckdb", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int duckdb_arrow_scan(IntPtr connection, string tableName, IntPtr arrowStream);
}
