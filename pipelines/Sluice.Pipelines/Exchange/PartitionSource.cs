using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// The reading half of an exchange: a partitioned dataset (written by <see cref="PartitionedSink{T}"/>) read with one
/// work unit per partition that has shards, each unit reading that partition's shards from every unit that wrote them,
/// in manifest order, so the same records come in the same order on every run. Units spread over ranks like any
/// others. A partition is streamed shard by shard, never held whole. A unit's fingerprint is a hash of its shards'
/// names and checksums: a dataset rewritten after planning fails the unit rather than mixing two versions.
/// </summary>
public sealed class PartitionSource<T>(string uri) : IRecordSource<T>
{
    private DatasetManifest? _manifest;

    /// <summary>The partitioned dataset's URI.</summary>
    public string Uri { get; } = uri.TrimEnd('/');

    /// <inheritdoc />
    public string Describe() => $"partitions of {Uri}";

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">The folder holds no finished dataset.</exception>
    /// <exception cref="InvalidDataException">The dataset is not partitioned; the message names it.</exception>
    public async Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct)
    {
        var manifest = await ManifestAsync(fresh: false, ct);
        return manifest.Shards.GroupBy(s => s.Partition!.Value).OrderBy(g => g.Key)
            .Select(g => new WorkUnit("", sourceIndex, Uri, g.Key, g.Key + 1, g.Sum(s => s.Bytes), UnitKind.Partition, Fingerprint(g)))
            .ToArray();
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, CancellationToken ct) => ItemsOf(RecordsAsync(unit, ct), ct);

    /// <summary>
    /// Numbers records from 0; a shard that cannot be read (changed since planning, corrupt, unreadable) ends the unit
    /// with a fatal item naming it, as sources report bad input, rather than an exception.
    /// </summary>
    internal static async IAsyncEnumerable<SourceItem<TItem>> ItemsOf<TItem>(IAsyncEnumerable<TItem> records, [EnumeratorCancellation] CancellationToken ct)
    {
        long position = 0;
        await using var items = records.GetAsyncEnumerator(ct);
        while (true)
        {
            string? error = null;
            try
            {
                if (!await items.MoveNextAsync()) yield break;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                error = e.Message;
            }
            if (error is not null)
            {
                yield return new SourceItem<TItem>(default, position, error, Fatal: true);
                yield break;
            }
            yield return new SourceItem<TItem>(items.Current, position++);
        }
    }

    /// <summary>The records of a planned partition, shard by shard.</summary>
    /// <exception cref="InvalidDataException">The dataset changed since it was planned, or a shard is corrupt.</exception>
    internal async IAsyncEnumerable<T> RecordsAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        // Read again, not the planning copy: a dataset rewritten since must be noticed.
        var manifest = await ManifestAsync(fresh: true, ct);
        var shards = manifest.Shards.Where(s => s.Partition == unit.Start).ToArray();
        if (Fingerprint(shards) != unit.Fingerprint)
            throw new InvalidDataException($"{Uri}: partition {unit.Start} changed since the run was planned (its shards are not those planned)");
        using var store = ObjectStores.Open(Uri);
        foreach (var shard in shards)
        {
            await using var stream = await store.OpenReadAsync(shard.Key, ct);
            await foreach (var record in DatasetReader.ReadShardAsync<T>(stream, manifest.Format, ObjectStores.Join(Uri, shard.Key), ct))
                yield return record;
        }
    }

    private async Task<DatasetManifest> ManifestAsync(bool fresh, CancellationToken ct)
    {
        if (_manifest is not null && !fresh) return _manifest;
        using var store = ObjectStores.Open(Uri);
        if (await store.StatAsync(DatasetManifest.FileName, ct) is null)
            throw new FileNotFoundException($"{ObjectStores.Join(Uri, DatasetManifest.FileName)} does not exist: {Uri} is not a finished Sluice dataset");
        var manifest = await RunObjects.ReadAsync<DatasetManifest>(store, DatasetManifest.FileName, ct);
        if (manifest.Shards.FirstOrDefault(s => s.Partition is null) is { } plain)
            throw new InvalidDataException($"{Uri} is not a partitioned dataset: shard {plain.Key} has no partition (write it with WritePartitioned)");
        return _manifest = manifest;
    }

    private static string Fingerprint(IEnumerable<SinkOutput> shards)
    {
        var text = string.Join("\n", shards.Select(s => $"{s.Key} {s.Bytes} {s.Sha256}"));
        return "shards:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
