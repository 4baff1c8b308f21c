using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;

namespace Sluice.Operators.Images.Sources;

/// <summary>
/// Reads Parquet files of <see cref="ParquetImageRow"/> (image bytes with alt-texts), in ranges of row groups like any
/// Parquet input. A row without a uuid is a reject; empty or damaged image bytes are left for the image checks to reject.
/// A file without one of the columns <c>uuid</c>, <c>image</c>, <c>alt_texts</c> fails planning with an error naming the
/// file and the column (<c>url</c> is optional), so a misnamed alt-text column is never read as images without alt-text.
/// </summary>
/// <param name="uri">Object, folder, glob or dataset URI.</param>
/// <param name="maxUnitBytes">Approximate bytes per work unit. Default 128 MiB.</param>
public sealed class ParquetImageSource(string uri, long maxUnitBytes = 128L << 20) : IRecordSource<ImageAltPair>
{
    private readonly ParquetSource<ParquetImageRow> _inner = new(uri, maxUnitBytes);
    private readonly ParquetSource<ParquetUuidColumn> _uuid = new(uri, maxUnitBytes);
    private readonly ParquetSource<ParquetImageColumn> _image = new(uri, maxUnitBytes);
    private readonly ParquetSource<ParquetAltTextsColumn> _altTexts = new(uri, maxUnitBytes);

    /// <inheritdoc />
    public string Describe() => $"parquet-images {_inner.Uri}";

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">A file lacks a required column; the message names the file and the column.</exception>
    public async Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct)
    {
        // Each required column is planned alone first (footers only): a file without it fails here, naming it, where the
        // row record alone would read the missing column as nulls.
        try
        {
            await _uuid.PlanAsync(sourceIndex, ct);
            await _image.PlanAsync(sourceIndex, ct);
            await _altTexts.PlanAsync(sourceIndex, ct);
        }
        catch (InvalidDataException e) when (e.Message.Contains("is in the file", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{e.Message}. Parquet image files need columns uuid, image and alt_texts (url is optional)", e);
        }
        return await _inner.PlanAsync(sourceIndex, ct);
    }

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
