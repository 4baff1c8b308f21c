using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Reads JSON Lines (plain, .gz, .zst) into records of type <typeparamref name="T"/> (snake_case fields). Plain
/// files split into line-aligned byte ranges; compressed files are one unit each. A unit reads only the bytes its file
/// had when planned (lines appended during a run are not read; a file cut short since is a reject). Malformed lines,
/// repeated keys, nulls where <typeparamref name="T"/> forbids them, invalid UTF-8 and over-long lines are rejects; a
/// damaged compressed stream (corrupt, cut short, failing its checksum) keeps the lines before it and rejects the rest.
/// </summary>
public sealed class JsonlSource<T>(string uri, JsonlSourceOptions? options = null) : PlannedSource<T>(uri)
{
    private readonly JsonlSourceOptions _options = options ?? new JsonlSourceOptions();

    /// <inheritdoc />
    public override string Describe() => $"jsonl {Uri}";

    /// <inheritdoc />
    protected override IEnumerable<WorkUnit> Split(InputFile file, int sourceIndex)
    {
        var size = file.Info.Size;
        if (CompressionCodec.FromKey(file.Info.Key) != Compression.None || size <= _options.MaxUnitBytes)
        {
            yield return new WorkUnit("", sourceIndex, file.Uri, 0, size, size, UnitKind.WholeFile, file.Info.Fingerprint);
            yield break;
        }
        for (long start = 0; start < size; start += _options.MaxUnitBytes)
        {
            var end = Math.Min(size, start + _options.MaxUnitBytes);
            yield return new WorkUnit("", sourceIndex, file.Uri, start, end, end - start, UnitKind.ByteRange, file.Info.Fingerprint);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        var readOptions = new JsonlReadOptions { MaxLineBytes = _options.MaxLineBytes };
        var ranged = unit.Kind == UnitKind.ByteRange;
        // A range after the first starts one byte early so the reader can tell whether it begins on a line start.
        var from = ranged && unit.Start > 0 ? unit.Start - 1 : 0;
        // Only the bytes planned: a whole file up to its planned size (compressed files: their compressed size), a
        // range up to its end plus the longest line that may start in it, never past the planned size.
        await using var raw = await file.OpenPlannedAsync(from, ranged ? unit.End - from + _options.MaxLineBytes + 1 : unit.End, ct);
        await using var stream = CompressionCodec.OpenRead(raw, CompressionCodec.FromKey(file.Info.Key));
        var items = JsonlFormat.ReadAsync<T>(stream, readOptions, from, ranged ? unit.End : long.MaxValue, skipPartialFirstLine: from > 0, ct);
        await foreach (var item in items)
        {
            // Whole files report lines; ranges of a split file report byte offsets (their line numbers are unknown).
            var position = ranged ? item.Offset : item.Line;
            yield return item.Error is null
                ? new SourceItem<T>(item.Record, position)
                : new SourceItem<T>(default, position, $"line {(ranged ? "?" : item.Line.ToString())} at byte {item.Offset}: {item.Error}", item.Fatal);
        }
    }
}
