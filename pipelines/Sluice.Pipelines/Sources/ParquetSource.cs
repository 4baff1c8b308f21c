using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Reads Parquet files into records of type <typeparamref name="T"/> (columns matched to properties by snake_case
/// name; a file whose footer shows it cannot be read as <typeparamref name="T"/> fails planning with an
/// <see cref="InvalidDataException"/> naming the file, column and types). Each file is cut into ranges of row groups of about <paramref name="maxUnitBytes"/>; a unit reads exactly its
/// planned row groups of the bytes the file had when planned. A truncated, corrupt or changed file is a reject naming
/// the file; other files go on. A row holding a null where <typeparamref name="T"/> forbids one
/// (<see cref="RecordNullability"/>) is a reject of that row.
/// </summary>
public sealed class ParquetSource<T>(string uri, long maxUnitBytes = 128L << 20) : PlannedSource<T>(uri)
{
    /// <inheritdoc />
    public override string Describe() => $"parquet {Uri}";

    /// <inheritdoc />
    protected override async Task<IEnumerable<WorkUnit>> SplitAsync(InputFile file, int sourceIndex, CancellationToken ct)
    {
        int groups;
        string? mismatch = null;
        try
        {
            await using var stream = await SeekableInput.OpenAsync(file, ct);
            // Rows are read by Arrow's Parquet reader, which also plans them: it reads footers Parquet.Net cannot.
            if (typeof(T) == typeof(Row)) groups = RowParquet.Describe(stream).RowGroups;
            else
            {
                var info = await ParquetFormat.InspectAsync(stream, ct);
                groups = info.RowGroupCount;
                mismatch = RecordSchema<T>.Instance.ParquetMismatch(info.Leaves);
            }
        }
        catch (InvalidDataException)
        {
            // Unreadable footer: plan it whole so reading it becomes a reject with the reason, not a failed plan.
            return [new WorkUnit("", sourceIndex, file.Uri, 0, 1, file.Info.Size, UnitKind.RowGroups, file.Info.Fingerprint)];
        }
        // A record that does not fit the file fails the plan, before any unit runs: not a run of rejects or nulls.
        if (mismatch is not null) throw new InvalidDataException($"{file.Uri} cannot be read as {typeof(T).Name}: {mismatch}");
        var perGroup = Math.Max(1, file.Info.Size / Math.Max(1, groups));
        var step = (int)Math.Max(1, maxUnitBytes / perGroup);
        var units = new List<WorkUnit>();
        for (var g = 0; g < groups; g += step)
        {
            var end = Math.Min(groups, g + step);
            units.Add(new WorkUnit("", sourceIndex, file.Uri, g, end, perGroup * (end - g), UnitKind.RowGroups, file.Info.Fingerprint));
        }
        return units;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        await using var stream = await SeekableInput.OpenAsync(file, ct);
        var nulls = RecordNullability.For(typeof(T));
        long row = 0, groups = 0;
        await foreach (var group in ParquetFormat.ReadAsync<T>(stream, (int)unit.Start, (int)(unit.End - unit.Start), ct))
        {
            groups++;
            foreach (var record in group)
            {
                var position = row++;
                yield return !nulls.IsEmpty && nulls.Check(record!) is { } why
                    ? new SourceItem<T>(default, position, $"row {position}: {why}")
                    : new SourceItem<T>(record, position);
            }
        }
        if (groups < unit.End - unit.Start)
            throw new InvalidDataException($"{file.Uri} has {unit.Start + groups} row groups, fewer than the {unit.End} planned: it changed during the run");
    }
}
