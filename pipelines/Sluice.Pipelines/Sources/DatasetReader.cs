using System.Runtime.CompilerServices;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Streams the records of a finished Sluice dataset (the shards its <c>_manifest.json</c> lists, in order) without
/// holding them: for whole-dataset steps that pass over data larger than memory, such as mini-batch k-means. Inside
/// pipelines, read datasets with the sources instead (they split, rank and resume).
/// </summary>
public static class DatasetReader
{
    /// <summary>Every record of the dataset at <paramref name="uri"/>, shard by shard; the same order on every call.</summary>
    /// <exception cref="FileNotFoundException">The folder has no manifest (not a dataset, or not finished).</exception>
    /// <exception cref="InvalidDataException">The manifest or a shard is corrupt; the message names it.</exception>
    public static async IAsyncEnumerable<T> ReadAsync<T>(string uri, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var store = ObjectStores.Open(uri);
        if (await store.StatAsync(DatasetManifest.FileName, ct) is null)
            throw new FileNotFoundException($"{ObjectStores.Join(uri, DatasetManifest.FileName)} does not exist: {uri} is not a finished Sluice dataset");
        var manifest = await RunObjects.ReadAsync<DatasetManifest>(store, DatasetManifest.FileName, ct);
        foreach (var shard in manifest.Shards)
        {
            await using var stream = await store.OpenReadAsync(shard.Key, ct);
            await foreach (var record in ReadShardAsync<T>(stream, manifest.Format, ObjectStores.Join(uri, shard.Key), ct)) yield return record;
        }
    }

    /// <summary>The records of one shard of a dataset in <paramref name="format"/>; <paramref name="name"/> names it in errors.</summary>
    internal static async IAsyncEnumerable<T> ReadShardAsync<T>(Stream stream, string format, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        switch (format)
        {
            case "arrow":
                await foreach (var batch in ArrowFormat.ReadAsync<T>(stream, ct: ct))
                    foreach (var record in batch) yield return record;
                break;
            case "parquet":
                // Parquet reads its footer first: a shard (bounded by the sink's shard size) is buffered to seek in.
                using (var buffer = new MemoryStream())
                {
                    await stream.CopyToAsync(buffer, ct);
                    buffer.Position = 0;
                    await foreach (var batch in ParquetFormat.ReadAsync<T>(buffer, ct: ct))
                        foreach (var record in batch) yield return record;
                }
                break;
            case "jsonl":
                await using (var text = CompressionCodec.OpenRead(stream, CompressionCodec.FromKey(name)))
                    await foreach (var item in JsonlFormat.ReadAsync<T>(text, JsonlReadOptions.Default, ct: ct))
                        yield return item.IsOk ? item.Record! : throw new InvalidDataException($"{name} line {item.Line}: {item.Error}");
                break;
            default:
                throw new InvalidDataException($"{name}: unknown dataset format '{format}'");
        }
    }
}
