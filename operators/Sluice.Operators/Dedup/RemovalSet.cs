using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Dedup;

/// <summary>
/// The documents earlier dedup stages removed, by origin, loaded whole when a later stage is built (about 200 bytes a
/// removal: 10 million removals take about 2 GB on each rank). The first removal of a document wins: methods run in
/// order, so a document exact dedup removed is not reported again by MinHash.
/// </summary>
public sealed class RemovalSet
{
    private readonly Dictionary<RecordOrigin, Removal> _removed;

    private RemovalSet(Dictionary<RecordOrigin, Removal> removed) => _removed = removed;

    /// <summary>No removals.</summary>
    public static RemovalSet Empty { get; } = new([]);

    /// <summary>How many documents are removed.</summary>
    public int Count => _removed.Count;

    /// <summary>The removal of the document at <paramref name="origin"/>, or null when it is kept.</summary>
    public Removal? Of(RecordOrigin origin) => _removed.GetValueOrDefault(origin);

    /// <summary>Reads removal lists (JSONL objects, folders or datasets) in order.</summary>
    /// <exception cref="FileNotFoundException">A list does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a removal; the message names the file and line.</exception>
    public static async Task<RemovalSet> LoadAsync(IEnumerable<string> uris, CancellationToken ct)
    {
        var removed = new Dictionary<RecordOrigin, Removal>();
        foreach (var uri in uris)
        foreach (var file in await InputResolver.ResolveAsync(uri, ct))
        {
            await using var raw = await file.OpenPlannedAsync(ct: ct);
            await using var text = CompressionCodec.OpenRead(raw, CompressionCodec.FromKey(file.Info.Key));
            await foreach (var item in JsonlFormat.ReadAsync<Removal>(text, JsonlReadOptions.Default, ct: ct))
            {
                var removal = item.IsOk ? item.Record! : throw new InvalidDataException($"{file.Uri} line {item.Line}: {item.Error}");
                removed.TryAdd(removal.Origin, removal);
            }
        }
        return new RemovalSet(removed);
    }
}
