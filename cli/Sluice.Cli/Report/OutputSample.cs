using System.Collections;
using System.Text.Json;
using Sluice.Cli.Query;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;

namespace Sluice.Cli.Report;

/// <summary>
/// The first rows of a dataset's first shard as text cells, read as <see cref="Row"/>s (no record type, the shard's own
/// columns): one column per field in first-seen order, scalars printed as <c>sluice query</c> prints them, nested
/// values (structs, lists, maps) as JSON.
/// </summary>
/// <param name="Shard">The shard read.</param>
/// <param name="Format">What its content was detected as.</param>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Up to <see cref="MaxRows"/> rows, one cell per column.</param>
internal sealed record OutputSample(string Shard, string Format, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Rows shown.</summary>
    public const int MaxRows = 20;

    /// <summary>Reads the first rows of <paramref name="shardUri"/>, choosing the reader from the content.</summary>
    /// <exception cref="InvalidDataException">The shard is damaged or of a kind the readers refuse; the message names it.</exception>
    public static async Task<OutputSample> ReadAsync(string shardUri, CancellationToken ct)
    {
        var file = (await InputResolver.ResolveAsync(shardUri, ct)).FirstOrDefault()
            ?? throw new FileNotFoundException($"shard {shardUri} is missing");
        await using var stream = await SeekableInput.OpenAsync(file, ct);
        var format = await FormatDetector.DetectAsync(stream, file.Info.Key, ct);
        try
        {
            var (name, rows) = format switch
            {
                DataFormat.Parquet => ("parquet", await FirstAsync(ParquetFormat.ReadAsync<Row>(stream, ct: ct))),
                DataFormat.ArrowFile or DataFormat.ArrowStream => ("arrow", await FirstAsync(ArrowFormat.ReadAsync<Row>(stream, ct: ct))),
                _ => ("jsonl", await JsonlAsync(stream, format, ct)),
            };
            var columns = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToArray();
            var cells = rows.Select(r => (IReadOnlyList<string>)columns.Select(c => Cell(r.TryGetValue(c, out var v) ? v : null)).ToArray()).ToList();
            return new OutputSample(shardUri, name, columns, cells);
        }
        catch (Exception e) when (e is not (InvalidDataException or OperationCanceledException or IOException))
        {
            // Library failures on a foreign or damaged file are a problem with the file, as everywhere else in Sluice.
            throw new InvalidDataException($"{shardUri}: {e.Message}", e);
        }
    }

    private static async Task<List<Row>> FirstAsync(IAsyncEnumerable<IReadOnlyList<Row>> batches)
    {
        var rows = new List<Row>();
        await foreach (var batch in batches)
        {
            rows.AddRange(batch.Take(MaxRows - rows.Count));
            if (rows.Count == MaxRows) break;
        }
        return rows;
    }

    private static async Task<List<Row>> JsonlAsync(Stream stream, DataFormat format, CancellationToken ct)
    {
        var codec = format switch { DataFormat.Gzip => Compression.Gzip, DataFormat.Zstd => Compression.Zstd, DataFormat.Bzip2 => Compression.Bzip2, _ => Compression.None };
        await using var text = CompressionCodec.OpenRead(stream, codec);
        var rows = new List<Row>();
        await foreach (var item in JsonlFormat.ReadAsync<Row>(text, JsonlReadOptions.Default, ct: ct))
        {
            if (item.Record is { } row) rows.Add(row);
            if (rows.Count == MaxRows) break;
        }
        return rows;
    }

    private static string Cell(object? value) => value is Row or (IEnumerable and not string and not byte[])
        ? QueryValues.Cell(JsonSerializer.Serialize(value, SluiceJson.Options))
        : QueryValues.Cell(value);
}
