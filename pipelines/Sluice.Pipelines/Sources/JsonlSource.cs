using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

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
    private int _checked;

    /// <inheritdoc />
    public override string Describe() => $"jsonl {Uri}";

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The first line of the source's first file shares no field with
    /// <typeparamref name="T"/>: every record would read as defaults, so the plan fails naming the file and both
    /// sets of names. One line of one file is read, so planning stays cheap over many files.</exception>
    protected override async Task<IEnumerable<WorkUnit>> SplitAsync(InputFile file, int sourceIndex, CancellationToken ct)
    {
        if (typeof(T) != typeof(Row) && Interlocked.Exchange(ref _checked, 1) == 0 && await FirstLineMismatchAsync(file, ct) is { } why)
            throw new InvalidDataException($"{file.Uri} cannot be read as {typeof(T).Name}: {why}");
        return Split(file, sourceIndex);
    }

    // Reads the first line (within MaxLineBytes) as a Row and compares its keys with T's JSON names. A line that does
    // not parse, or a file that cannot be opened, is left to the read, which rejects it with its reason.
    private async Task<string?> FirstLineMismatchAsync(InputFile file, CancellationToken ct)
    {
        var info = SluiceJson.Options.GetTypeInfo(typeof(T));
        if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || info.Properties.Count == 0) return null;
        Row? first = null;
        try
        {
            await using var raw = await file.OpenPlannedAsync(0, file.Info.Size, ct);
            await using var stream = CompressionCodec.OpenRead(raw, CompressionCodec.FromKey(file.Info.Key));
            await foreach (var item in JsonlFormat.ReadAsync<Row>(stream, new JsonlReadOptions { MaxLineBytes = _options.MaxLineBytes }, ct: ct))
            {
                first = item.Record;
                break;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
        // An empty object says nothing about the file's fields: its own read rejects it.
        if (first is null || first.Count == 0) return null;
        var names = info.Properties.Select(p => p.Name).ToArray();
        if (first.Keys.Any(k => names.Contains(k, StringComparer.OrdinalIgnoreCase))) return null;
        return $"its first line shares no field with {typeof(T).Name} ({string.Join(", ", names)}; the line has keys " +
            $"{string.Join(", ", first.Keys.Take(20))}); read it as Row to see it as it is";
    }

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
