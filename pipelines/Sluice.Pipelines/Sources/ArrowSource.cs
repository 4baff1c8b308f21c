using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Reads Arrow IPC files and streams into records of type <typeparamref name="T"/>. IPC files are cut into ranges
/// of record batches of about <paramref name="maxUnitBytes"/>; IPC streams are one unit each. A unit reads only the
/// bytes the file had when planned. A file whose schema shows it cannot be read as <typeparamref name="T"/> fails
/// planning with an <see cref="InvalidDataException"/> naming the file, column and types. A truncated or changed file is a reject naming the file; a row holding a null
/// where <typeparamref name="T"/> forbids one (<see cref="RecordNullability"/>) is a reject of that row.
/// </summary>
public sealed class ArrowSource<T>(string uri, long maxUnitBytes = 128L << 20) : PlannedSource<T>(uri)
{
    /// <inheritdoc />
    public override string Describe() => $"arrow {Uri}";

    /// <inheritdoc />
    protected override async Task<IEnumerable<WorkUnit>> SplitAsync(InputFile file, int sourceIndex, CancellationToken ct)
    {
        int batches;
        string? mismatch = null;
        try
        {
            await using var stream = await SeekableInput.OpenAsync(file, ct);
            var info = await ArrowFormat.InspectAsync(stream, ct);
            batches = info.RecordBatchCount;
            if (typeof(T) != typeof(Row) && info.Schema is { } schema) mismatch = RecordSchema<T>.Instance.ArrowMismatch(schema);
        }
        catch (InvalidDataException)
        {
            return [new WorkUnit("", sourceIndex, file.Uri, 0, int.MaxValue, file.Info.Size, UnitKind.WholeFile, file.Info.Fingerprint)];
        }
        // A record that does not fit the file fails the plan, before any unit runs: not a run of rejects or nulls.
        if (mismatch is not null) throw new InvalidDataException($"{file.Uri} cannot be read as {typeof(T).Name}: {mismatch}");
        var perBatch = Math.Max(1, file.Info.Size / Math.Max(1, batches));
        var step = (int)Math.Max(1, maxUnitBytes / perBatch);
        var units = new List<WorkUnit>();
        for (var b = 0; b < Math.Max(1, batches); b += step)
        {
            var end = Math.Min(Math.Max(1, batches), b + step);
            units.Add(new WorkUnit("", sourceIndex, file.Uri, b, end, perBatch * (end - b), UnitKind.RecordBatches, file.Info.Fingerprint));
        }
        return units;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = await SeekableInput.OpenAsync(FileOf(unit), ct);
        var nulls = RecordNullability.For(typeof(T));
        long row = 0;
        await foreach (var batch in ArrowFormat.ReadAsync<T>(stream, (int)unit.Start, (int)Math.Min(int.MaxValue, unit.End - unit.Start), ct))
        {
            foreach (var record in batch)
            {
                var position = row++;
                yield return !nulls.IsEmpty && nulls.Check(record!) is { } why
                    ? new SourceItem<T>(default, position, $"row {position}: {why}")
                    : new SourceItem<T>(record, position);
            }
        }
    }
}
