using System.Globalization;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Query;

/// <summary>
/// Turns each <c>dataset('URI')</c> of a query into a DuckDB scan of exactly the shards the dataset's manifest lists
/// (<c>read_parquet([…])</c> or <c>read_json_auto([…])</c>), so a stray or half-written file in the folder is never
/// read. The manifest is read through <see cref="RunObjects"/>, which checks it (plain relative keys, counts).
/// DuckDB.NET.Data.Full bundles the parquet and json extensions but not httpfs, and nothing can be downloaded at run
/// time, so the shards of an <c>s3://</c> dataset are first copied to a temporary folder (deleted on dispose), up to
/// <see cref="MaxDownloadBytes"/> in all.
/// </summary>
internal sealed class DatasetScans(long maxDownloadBytes) : IDisposable
{
    private readonly Dictionary<string, string> _scans = new(StringComparer.Ordinal);
    private string? _downloads;
    private long _downloaded;

    /// <summary>The most bytes of S3 shards one query copies locally.</summary>
    public long MaxDownloadBytes { get; } = maxDownloadBytes;

    /// <summary><paramref name="sql"/> with every <c>dataset('URI')</c> replaced by a scan of its listed shards.</summary>
    /// <exception cref="QueryException">A call is malformed, names no dataset, or a dataset cannot be scanned.</exception>
    /// <exception cref="InvalidDataException">A manifest is corrupt; the message names it and the field.</exception>
    /// <exception cref="IOException">A manifest or shard cannot be read.</exception>
    public async Task<string> RewriteAsync(string sql, CancellationToken ct)
    {
        var calls = DatasetCalls.Find(sql);
        foreach (var uri in calls.Select(c => c.Uri).Distinct(StringComparer.Ordinal))
            _scans[uri] = await ScanAsync(uri, ct);
        return DatasetCalls.Rewrite(sql, calls, uri => _scans[uri]);
    }

    private async Task<string> ScanAsync(string uri, CancellationToken ct)
    {
        var s3 = ObjectStores.IsS3(uri);
        if (!s3 && File.Exists(ObjectStores.LocalPath(uri)))
            throw new QueryException($"'{uri}' is a file, not a dataset folder: read one file with read_parquet('…') or read_json_auto('…') instead");
        if (!s3 && !Directory.Exists(ObjectStores.LocalPath(uri))) throw new QueryException($"dataset '{uri}' does not exist");
        using var store = ObjectStores.OpenInput(uri);
        if (await store.StatAsync(DatasetManifest.FileName, ct) is null)
            throw new QueryException($"dataset '{uri}' has no {DatasetManifest.FileName}: it is not a Sluice dataset, or the run writing it has not finished");
        var manifest = await RunObjects.ReadAsync<DatasetManifest>(store, DatasetManifest.FileName, ct);
        var function = manifest.Format switch
        {
            "parquet" => "read_parquet",
            "jsonl" => "read_json_auto",
            "arrow" => throw new QueryException(
                $"dataset '{uri}' holds Arrow IPC shards, which sluice query cannot read: the DuckDB bundled with DuckDB.NET.Data.Full " +
                "has no Arrow IPC reader and its extensions cannot be installed here; write the dataset with WriteParquet or WriteJsonl to query it"),
            var other => throw new QueryException($"dataset '{uri}' has format '{other}'; sluice query reads parquet and jsonl datasets"),
        };
        if (manifest.Shards.Count == 0) throw new QueryException($"dataset '{uri}' lists no shards: there is nothing to query (and no schema)");
        var paths = s3 ? await DownloadAsync(uri, store, manifest, ct) : Local(uri, (FileObjectStore)store, manifest);
        var list = string.Join(", ", paths.Select(Literal));
        // Newline-delimited explicitly: auto-detection could take a one-line shard for a JSON array or document.
        return function == "read_json_auto" ? $"read_json_auto([{list}], format = 'newline_delimited')" : $"read_parquet([{list}])";
    }

    private static IReadOnlyList<string> Local(string uri, FileObjectStore store, DatasetManifest manifest) =>
        manifest.Shards.Select(shard =>
        {
            var path = store.PathOf(shard.Key);
            if (!File.Exists(path)) throw new QueryException($"dataset '{uri}' lists shard {shard.Key}, which is missing");
            // DuckDB expands each path of the list as a glob pattern; a listed name must mean only itself.
            if (path.IndexOfAny(['*', '?', '[']) >= 0)
                throw new QueryException($"shard path {path} holds a glob character (* ? [), which DuckDB would expand; move the dataset to a plain path");
            return path;
        }).ToList();

    private async Task<IReadOnlyList<string>> DownloadAsync(string uri, IObjectStore store, DatasetManifest manifest, CancellationToken ct)
    {
        if (_downloaded + manifest.Bytes > MaxDownloadBytes)
            throw new QueryException(
                $"dataset '{uri}' is {Mb(manifest.Bytes)} MB; sluice query copies S3 shards locally (DuckDB's httpfs extension is not bundled) " +
                $"and stops at {Mb(MaxDownloadBytes)} MB per query (--max-download-mb)");
        _downloads ??= Directory.CreateTempSubdirectory("sluice-query-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(_downloads, _scans.Count.ToString(CultureInfo.InvariantCulture))).FullName;
        var paths = new List<string>(manifest.Shards.Count);
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
            _downloaded += length;
            paths.Add(path);
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
