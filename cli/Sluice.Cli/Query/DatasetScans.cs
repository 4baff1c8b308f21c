using System.Globalization;
using DuckDB.NET.Data;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Query;

/// <summary>
/// Turns each <c>dataset('URI')</c> of a query into a DuckDB scan of exactly the shards the dataset's manifest lists
/// (<c>read_parquet([…])</c> or <c>read_json_auto([…])</c>; Arrow IPC shards are loaded into a temporary table by
/// <see cref="ArrowImport"/>), so a stray or half-written file in the folder is never read. The manifest is read
/// through <see cref="RunObjects"/>, which checks it (plain relative keys, counts). DuckDB.NET.Data.Full bundles the
/// parquet and json extensions but not httpfs, and nothing can be downloaded at run time, so the shards of an
/// <c>s3://</c> dataset are first copied to a temporary folder (deleted on dispose). S3 shards copied and Arrow shards
/// loaded count against <see cref="MaxCopyBytes"/>.
/// </summary>
internal sealed class DatasetScans(long maxCopyBytes) : IDisposable
{
    private readonly Dictionary<string, string> _scans = new(StringComparer.Ordinal);
    private string? _downloads;
    private long _copied;

    /// <summary>The most bytes of shards one query copies: S3 shards to a local folder, Arrow shards into memory.</summary>
    public long MaxCopyBytes { get; } = maxCopyBytes;

    /// <summary>
    /// <paramref name="sql"/> with every <c>dataset('URI')</c> replaced by a scan of its listed shards; Arrow datasets
    /// are loaded into temporary tables of <paramref name="connection"/> first.
    /// </summary>
    /// <exception cref="QueryException">A call is malformed, names no dataset, or a dataset cannot be scanned.</exception>
    /// <exception cref="InvalidDataException">A manifest is corrupt; the message names it and the field.</exception>
    /// <exception cref="IOException">A manifest or shard cannot be read.</exception>
    public async Task<string> RewriteAsync(string sql, DuckDBConnection connection, CancellationToken ct)
    {
        var calls = DatasetCalls.Find(sql);
        foreach (var uri in calls.Select(c => c.Uri).Distinct(StringComparer.Ordinal))
            _scans[uri] = await ScanAsync(uri, connection, ct);
        return DatasetCalls.Rewrite(sql, calls, uri => _scans[uri]);
    }

    private async Task<string> ScanAsync(string uri, DuckDBConnection connection, CancellationToken ct)
    {
        var s3 = ObjectStores.IsS3(uri);
        if (!s3 && File.Exists(ObjectStores.LocalPath(uri)))
            throw new QueryException($"'{uri}' is a file, not a dataset folder: read one file with read_parquet('…') or read_json_auto('…') instead");
        if (!s3 && !Directory.Exists(ObjectStores.LocalPath(uri))) throw new QueryException($"dataset '{uri}' does not exist");
        using var store = ObjectStores.OpenInput(uri);
        if (await store.StatAsync(RunLayout.DatasetManifestKey, ct) is null)
            throw new QueryException($"dataset '{uri}' has no {RunLayout.DatasetManifestKey}: it is not a Sluice dataset, or the run writing it has not finished");
        var manifest = await RunObjects.ReadAsync<DatasetManifest>(store, RunLayout.DatasetManifestKey, ct);
        if (manifest.Format is not ("parquet" or "jsonl" or "arrow"))
            throw new QueryException($"dataset '{uri}' has format '{manifest.Format}'; sluice query reads parquet, jsonl and arrow datasets");
        if (manifest.Shards.Count == 0) throw new QueryException($"dataset '{uri}' lists no shards: there is nothing to query (and no schema)");
        var arrow = manifest.Format == "arrow";
        if ((s3 || arrow) && _copied + manifest.Bytes > MaxCopyBytes)
            throw new QueryException(
                $"dataset '{uri}' is {Mb(manifest.Bytes)} MB; sluice query copies {(arrow ? "Arrow shards into memory" : "S3 shards locally (DuckDB's httpfs extension is not bundled)")} " +
                $"and stops at {Mb(MaxCopyBytes)} MB per query (--max-copy-mb)");
        var shards = s3 ? await DownloadAsync(uri, store, manifest, ct) : Local(uri, (FileObjectStore)store, manifest);
        if (arrow)
        {
            _copied += s3 ? 0 : manifest.Bytes;
            var table = "sluice_dataset_" + _scans.Count.ToString(CultureInfo.InvariantCulture);
            await ArrowImport.LoadAsync(connection, table, uri, shards, ct);
            return table;
        }
        var list = string.Join(", ", shards.Select(s => Literal(s.Path)));
        // Newline-delimited explicitly: auto-detection could take a one-line shard for a JSON array or document.
        return manifest.Format == "jsonl" ? $"read_json_auto([{list}], format = 'newline_delimited')" : $"read_parquet([{list}])";
    }

    private static IReadOnlyList<(string Key, string Path)> Local(string uri, FileObjectStore store, DatasetManifest manifest) =>
        manifest.Shards.Select(shard =>
        {
            var path = store.PathOf(shard.Key);
            if (!File.Exists(path)) throw new QueryException($"dataset '{uri}' lists shard {shard.Key}, which is missing");
            // DuckDB expands each path of the list as a glob pattern; a listed name must mean only itself.
            if (path.IndexOfAny(['*', '?', '[']) >= 0)
                throw new QueryException($"shard path {path} holds a glob character (* ? [), which DuckDB would expand; move the dataset to a plain path");
            return (shard.Key, path);
        }).ToList();

    private async Task<IReadOnlyList<(string Key, string Path)>> DownloadAsync(string uri, IObjectStore store, DatasetManifest manifest, CancellationToken ct)
    {
        _downloads ??= Directory.CreateTempSubdirectory("sluice-query-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(_downloads, _scans.Count.ToString(CultureInfo.InvariantCulture))).FullName;
        var paths = new List<(string Key, string Path)>(manifest.Shards.Count);
        foreach (var shard in manifest.Shards)
        {
            // Numbered names (keeping the extension, which tells DuckDB the compression) contain no glob characters.
            var path = Path.Combine(folder, paths.Count.ToString("D6", CultureInfo.InvariantCulture) + Extension(shard.Key));
            await using (var source = await store.OpenReadAsync(shard.Key, ct))
            await using (var target = File.Create(path))
                await source.CopyToAsync(target, ct);
            var length = new FileInfo(path).Length;
            if (length != shard.Bytes)
                throw new QueryException($"shard {ObjectStores.Join(uri, shard.Key)} is {length:N0} bytes, but the manifest lists {shard.Bytes:N0}");
            _copied += length;
            paths.Add((shard.Key, path));
        }
        return paths;
    }

    // ".parquet", ".jsonl", ".jsonl.gz", ".jsonl.zst".
    private static string Extension(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var last = Path.GetExtension(name);
        return last is ".gz" or ".zst" or ".zstd" ? Path.GetExtension(name[..^last.Length]) + last : last;
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>Deletes the copied S3 shards.</summary>
    public void Dispose()
    {
        if (_downloads is null) return;
        try { Directory.Delete(_downloads, recursive: true); }
        catch (IOException) { }
    }
}
