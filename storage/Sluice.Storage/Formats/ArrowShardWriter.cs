using Apache.Arrow;
using Apache.Arrow.Ipc;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Rows;

namespace Sluice.Storage.Formats;

/// <summary>
/// Writes records as one Arrow IPC <b>file</b> (random-access format, <c>ARROW1</c> magic, footer), one record batch
/// per <see cref="WriteAsync"/> call. The schema is fixed by the first batch (vector sizes included; for
/// <see cref="Row"/>s, the columns and types of the first rows, see <see cref="Accepts"/>). The writer owns
/// <c>output</c>: <see cref="CompleteAsync"/> and disposal close it. The output need not be seekable.
/// </summary>
public sealed class ArrowShardWriter<T> : IAsyncDisposable
{
    private readonly CountingStream _output;
    private readonly IReadOnlyDictionary<string, string>? _metadata;
    private ArrowFileWriter? _writer;
    private Schema? _schema;
    private bool _completed;

    /// <summary>Starts a shard over <paramref name="output"/>.</summary>
    /// <param name="output">Destination; closed on completion.</param>
    /// <param name="metadata">Schema-level key/value metadata; default none.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped (see <see cref="RecordSchema{T}"/>).</exception>
    public ArrowShardWriter(Stream output, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!IsRows) _ = RecordSchema<T>.Instance;
        _output = new CountingStream(output, claimSeekable: true);
        _metadata = metadata;
    }

    /// <summary>Records written so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Bytes written to the output so far (exact; the footer is added by <see cref="CompleteAsync"/>).</summary>
    public long BytesWritten => _output.Count;

    /// <summary>The schema, once the first batch fixed it; null before.</summary>
    public Schema? Schema => _schema;

    private static bool IsRows => typeof(T) == typeof(Row);

    /// <summary>True when <paramref name="rows"/> can go into this file: always for typed records; for
    /// <see cref="Row"/>s, when no batch was written yet or they fit the schema the first batch fixed (no new column,
    /// no wider type).</summary>
    public bool Accepts(IReadOnlyList<T> rows) => !IsRows || _schema is null || RowArrow.Fits(_schema, (IReadOnlyList<Row>)rows);

    /// <summary>Writes <paramref name="rows"/> as one record batch; an empty list writes nothing.</summary>
    /// <exception cref="ArgumentException">A vector's length differs from the shard's.</exception>
    /// <exception cref="InvalidOperationException">The writer was completed.</exception>
    public async ValueTask WriteAsync(IReadOnlyList<T> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (rows.Count == 0) return;
        using var batch = ToBatch(rows);
        _writer ??= new ArrowFileWriter(_output, _schema, leaveOpen: true);
        await _writer.WriteRecordBatchAsync(batch, ct);
        RecordsWritten += rows.Count;
    }

    /// <summary>Writes the footer and closes the output. A shard with no rows still gets a valid file (one zero-row
    /// batch) whose vector sizes are the declared ones (or 0). Idempotent.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct = default)
    {
        if (_completed) return;
        _completed = true;
        try
        {
            if (_writer is null)
            {
                // No batch was written. Apache.Arrow's file writer writes the schema message only with the first
                // batch, so a file closed without one holds its schema in the footer alone and a stream-format
                // reader (a non-seekable read) finds no schema. One zero-row batch puts the schema where the IPC
                // format says it starts; every reader sees zero rows.
                using var empty = ToBatch([]);
                _writer = new ArrowFileWriter(_output, _schema, leaveOpen: true);
                await _writer.WriteRecordBatchAsync(empty, ct);
            }
            await _writer.WriteEndAsync(ct);
            _writer.Dispose();
            await _output.FlushAsync(ct);
        }
        finally
        {
            await _output.DisposeAsync();
        }
    }

    // Fixes the schema on the first call (for an empty shard: the declared one, or no columns for rows).
    private RecordBatch ToBatch(IReadOnlyList<T> rows)
    {
        if (IsRows)
        {
            var typed = (IReadOnlyList<Row>)rows;
            _schema ??= RowArrow.SchemaOf(typed, null, _metadata);
            return RowArrow.ToRecordBatch(typed, _schema);
        }
        var schema = RecordSchema<T>.Instance;
        _schema ??= schema.ArrowSchema(rows.Count == 0 ? null : rows, _metadata);
        return schema.ToRecordBatch(rows, _schema);
    }

    /// <summary>Same as <see cref="CompleteAsync"/>.</summary>
    public ValueTask DisposeAsync() => CompleteAsync();
}
