using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;

namespace Sluice.Operators.Images.Sources;

/// <summary>
/// Reads Parquet files of <see cref="ParquetImageRow"/> (image bytes with alt-texts), in ranges of row groups like any
/// Parquet input. A row without a uuid is a reject; empty or damaged image bytes are left for the image checks to reject.
/// </summary>
/// <param name="uri">Object, folder, glob or dataset URI.</param>
/// <param name="maxUnitBytes">Approximate bytes per work unit. Default 128 MiB.</param>
public sealed class ParquetImageSource(string uri, long maxUnitBytes = 128L << 20) : IRecordSource<ImageAltPair>
{
    private readonly ParquetSource<ParquetImageRow> _inner = new(uri, maxUnitBytes);

    /// <inheritdoc />
    public string Describe() => $"parquet-images {_inner.Uri}";

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) => _inner.PlanAsync(sourceIndex, ct);

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceItem<ImageAltPair>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in _inner.ReadAsync(unit, ct))
        {
            if (item.Record is not { } row) { yield return new SourceItem<ImageAltPair>(null, item.Position, item.Error, item.Fatal); continue; }
            if (string.IsNullOrEmpty(row.Uuid)) { yield return new SourceItem<ImageAltPair>(null, item.Position, "row has no uuid"); continue; }
            yield return new SourceItem<ImageAltPair>(
                new ImageAltPair(row.Uuid, unit.Uri, row.Url, row.Image, row.AltTexts ?? []), item.Position);
        }
    }
}
