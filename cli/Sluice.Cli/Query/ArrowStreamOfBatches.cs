using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Sluice.Cli.Query;

/// <summary>
/// Hands already-read record batches out once each, in order, for export through the Arrow C stream interface. The
/// exporter owns (and disposes) each batch it is given; the list is dropped as it is read, so nothing stays held
/// when the consumer keeps the stream open after reading it.
/// </summary>
internal sealed class ArrowStreamOfBatches(Schema schema, IReadOnlyList<RecordBatch> batches) : IArrowArrayStream
{
    private IReadOnlyList<RecordBatch>? _batches = batches;
    private int _next;

    /// <inheritdoc />
    public Schema Schema { get; } = schema;

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken ct = default)
    {
        if (_batches is null || _next >= _batches.Count)
        {
            _batches = null;
            return new ValueTask<RecordBatch?>((RecordBatch?)null);
        }
        return new ValueTask<RecordBatch?>(_batches[_next++]);
    }

    /// <summary>Disposes the batches never handed out.</summary>
    public void Dispose()
    {
        if (_batches is null) return;
        for (var i = _next; i < _batches.Count; i++) _batches[i].Dispose();
        _batches = null;
    }
}
