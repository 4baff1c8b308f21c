using Parquet;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Rows;

namespace Sluice.Storage.Formats;

/// <summary>
/// Writes records as one Parquet file (Snappy pages). Rows are buffered and flushed as a row group once their
/// estimated encoded size reaches <c>rowGroupBytes</c>; <see cref="CompleteAsync"/> flushes the rest and writes the
/// footer. The writer owns <c>output</c> and closes it on completion; the output need not be seekable.
/// <see cref="Row"/>s are written through <see cref="RowParquetWriter"/> (Arrow's Parquet writer, page CRCs, the
/// Arrow schema kept in the footer); their schema is fixed by the first rows (see <see cref="Accepts"/>).
/// </summary>
public sealed class ParquetShardWriter<T> : IAsyncDisposable
{
    private readonly CountingStream _output;
    private readonly long _rowGroupBytes;
    private readonly IReadOnlyDictionary<string, string>? _metadata;
    private readonly List<T> _buffer = [];
    private long _bufferedBytes;
    private readonly RowParquetWriter? _rows;
    private ParquetWriter? _writer;
    private int _typedRowGroups;
    private bool _completed;

    /// <summary>Starts a shard over <paramref name="output"/>.</summary>
    /// <param name="output">Destination; closed on completion.</param>
    /// <param name="rowGroupBytes">Estimated uncompressed bytes per row group. Default 64 MiB.</param>
    /// <param name="metadata">File-level key/value metadata; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowGroupBytes"/> is not positive.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped.</exception>
    public ParquetShardWriter(Stream output, long rowGroupBytes = 64 << 20, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupBytes);
        _output = new CountingStream(output);
        _rowGroupBytes = rowGroupBytes;
        _metadata = metadata;
        if (typeof(T) == typeof(Row)) _rows = new RowParquetWriter(_output, rowGroupBytes, metadata);
        else _ = RecordSchema<T>.Instance;
    }

    /// <summary>Records accepted so far (buffered ones included).</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Bytes written to the output so far; buffered rows are not counted until their row group is written.</summary>
    public long BytesWritten => _output.Count;

    /// <summary>Row groups written so far.</summary>
    public int RowGroupsWritten => _rows?.RowGroupsWritten ?? _typedRowGroups;

    /// <summary>True when <paramref name="records"/> can go into this file: always for typed records; for rows,
    /// when no row was written yet or they fit the schema the first rows fixed (no new column, no wider type).</summary>
    public bool Accepts(IReadOnlyList<T> records) => _rows is null || _rows.Accepts((IReadOnlyList<Row>)records);

    /// <summary>Buffers <paramref name="rows"/>, writing row groups as the buffer fills.</summary>
    /// <exception cref="InvalidOperationException">The writer was completed.</exception>
    public async ValueTask WriteAsync(IReadOnlyList<T> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_rows is not null)
        {
            _rows.Write((IReadOnlyList<Row>)rows);
            RecordsWritten += rows.Count;
            return;
        }
        var columns = RecordSchema<T>.Instance.Columns;
        foreach (var row in rows)
        {
            _buffer.Add(row);
            foreach (var column in columns) _bufferedBytes += column.Estimate(row);
            RecordsWritten++;
            if (_bufferedBytes >= _rowGroupBytes) await FlushAsync(ct);
        }
    }

    /// <summary>Writes buffered rows, the footer, and closes the output. Idempotent.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct = default)
    {
        if (_completed) return;
        _completed = true;
        try
        {
            if (_rows is not null)
            {
                _rows.Complete();
                _rows.Dispose();
                await _output.FlushAsync(ct);
                return;
            }
            if (_buffer.Count > 0 || _writer is null) await FlushAsync(ct);
            await _writer!.DisposeAsync();
            await _output.FlushAsync(ct);
        }
        finally
        {
            await _output.DisposeAsync();
        }
    }

    /// <summary>Same as <see cref="CompleteAsync"/>.</summary>
    public ValueTask DisposeAsync() => CompleteAsync();

    private async Task FlushAsync(CancellationToken ct)
    {
        var schema = RecordSchema<T>.Instance;
        if (_writer is null)
        {
            _writer = await ParquetWriter.CreateAsync(schema.ParquetSchema, _output, new ParquetOptions(), append: false, ct);
            if (_metadata is not null) _writer.CustomMetadata = _metadata.ToDictionary();
        }
        if (_buffer.Count == 0) return;
        var leaves = schema.ParquetSchema.GetDataFields();
        using (var group = _writer.CreateRowGroup())
        {
            for (int i = 0; i < schema.Columns.Count; i++)
                await schema.Columns[i].WriteParquet(group, leaves[i], _buffer, ct);
            group.CompleteValidate();
        }
        _typedRowGroups++;
        _buffer.Clear();
        _bufferedBytes = 0;
    }
}
