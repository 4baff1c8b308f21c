using System.Collections;
using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Sluice.Storage.Rows;

/// <summary>
/// Writes rows as one Parquet file through ParquetSharp's Arrow writer: Snappy pages with CRCs, the Arrow schema
/// stored in the footer so every type reads back as it was written (unsigned integers, durations, float16 included).
/// The schema is fixed by the first rows written (<see cref="Accepts"/> says whether later rows fit it). Rows are
/// buffered and written as a row group once their estimated size reaches the row group size.
/// </summary>
internal sealed class RowParquetWriter : IDisposable
{
    private readonly Stream _output;
    private readonly long _rowGroupBytes;
    private readonly IReadOnlyDictionary<string, string>? _metadata;
    private readonly List<Row> _buffer = [];
    private long _bufferedBytes;
    private FileWriter? _writer;

    public RowParquetWriter(Stream output, long rowGroupBytes, IReadOnlyDictionary<string, string>? metadata)
    {
        _output = output;
        _rowGroupBytes = rowGroupBytes;
        _metadata = metadata;
    }

    public Schema? Schema { get; private set; }

    public int RowGroupsWritten { get; private set; }

    public bool Accepts(IReadOnlyList<Row> rows) => Schema is null || RowArrow.Fits(Schema, rows);

    public void Write(IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0) return;
        Schema ??= RowArrow.SchemaOf(rows, null, _metadata);
        foreach (var row in rows)
        {
            _buffer.Add(row);
            _bufferedBytes += Estimate(row);
            if (_bufferedBytes >= _rowGroupBytes) Flush();
        }
    }

    public void Complete()
    {
        Schema ??= RowArrow.SchemaOf([], null, _metadata);
        Flush();
        _writer ??= Create(Schema);
        _writer.Close();
    }

    public void Dispose() => _writer?.Dispose();

    private void Flush()
    {
        if (_buffer.Count == 0) return;
        _writer ??= Create(Schema!);
        using (var batch = RowArrow.ToRecordBatch(_buffer, Schema))
            _writer.WriteRecordBatch(batch, _buffer.Count);
        RowGroupsWritten++;
        _buffer.Clear();
        _bufferedBytes = 0;
    }

    private FileWriter Create(Schema schema)
    {
        using var builder = new WriterPropertiesBuilder();
        using var properties = builder.Compression(ParquetSharp.Compression.Snappy).EnablePageChecksum().Build();
        using var arrowBuilder = new ArrowWriterPropertiesBuilder();
        using var arrowProperties = arrowBuilder.StoreSchema().Build();
        return new FileWriter(_output, schema, properties, arrowProperties, leaveOpen: true);
    }

    // Rough in-memory size of a row, for row group sizing only.
    private static long Estimate(object? value) => value switch
    {
        null => 1,
        string s => s.Length + 4,
        byte[] b => b.Length + 4,
        Row r => r.Values.Sum(Estimate),
        IEnumerable e => e.Cast<object?>().Sum(Estimate) + 4,
        _ => 8,
    };
}
