using Parquet.Serialization;
using Sluice.Cli.Query;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Report;

/// <summary>
/// The first rows of a dataset's first shard as text cells, read generically (no record type): a JSONL line is one
/// cell of raw JSON text; Parquet and Arrow rows have a cell per column, printed as <c>sluice query</c> prints them.
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
            return format switch
            {
                DataFormat.Parquet => await ParquetAsync(shardUri, stream, ct),
                DataFormat.ArrowFile or DataFormat.ArrowStream => await ArrowAsync(shardUri, stream, ct),
                _ => await JsonlAsync(shardUri, stream, format, ct),
            };
        }
        catch (Exception e) when (e is not (InvalidDataException or OperationCanceledException or IOException))
        {
            // Library failures on a foreign or damaged file are a problem with the file, as everywhere else in Sluice.
            throw new InvalidDataException($"{shardUri}: {e.Message}", e);
        }
    }

    private static async Task<OutputSample> JsonlAsync(string uri, Stream stream, DataFormat format, CancellationToken ct)
    {
        var codec = format switch { DataFormat.Gzip => Compression.Gzip, DataFormat.Zstd => Compression.Zstd, _ => Compression.None };
        await using var text = CompressionCodec.OpenRead(stream, codec);
        using var reader = new StreamReader(text);
        var rows = new List<IReadOnlyList<string>>();
        while (rows.Count < MaxRows && await reader.ReadLineAsync(ct) is { } line)
            if (line.Length > 0) rows.Add([QueryValues.Cell(line)]);
        return new OutputSample(uri, "jsonl", ["record (JSON)"], rows);
    }

    private static async Task<OutputSample> ParquetAsync(string uri, Stream stream, CancellationToken ct)
    {
        // Inspect first: it refuses the columns Parquet.Net is known to decode wrongly, naming them.
        var info = await ParquetFormat.InspectAsync(stream, ct);
        if (info.RowCount == 0) return new OutputSample(uri, "parquet", info.Columns, []);
        stream.Position = 0;
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, 0, ct);
        var columns = result.Schema.Fields.Select(f => f.Name).ToArray();
        var rows = result.Data.Take(MaxRows)
            .Select(row => (IReadOnlyList<string>)columns.Select(c => QueryValues.Cell(row.GetValueOrDefault(c))).ToArray()).ToList();
        return new OutputSample(uri, "parquet", columns, rows);
    }

    private static async Task<OutputSample> ArrowAsync(string uri, Stream stream, CancellationToken ct)
    {
        string[]? columns = null;
        var rows = new List<IReadOnlyList<string>>();
        await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream, ct: ct))
        {
            using (batch)
            {
                columns ??= batch.Schema.FieldsList.Select(f => f.Name).ToArray();
                for (var r = 0; r < batch.Length && rows.Count < MaxRows; r++)
                    rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => QueryValues.Cell(ArrowCells.Value(batch.Column(c), r))).ToArray());
            }
            if (rows.Count == MaxRows) break;
        }
        return new OutputSample(uri, "arrow", columns ?? [], rows);
    }
}
