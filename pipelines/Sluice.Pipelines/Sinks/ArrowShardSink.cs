using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Sinks;

/// <summary>
/// Writes records as Arrow IPC files (one record batch per incoming batch), readable by pyarrow, DuckDB and
/// Arrow JS. The manifest metadata is also stored in each file's schema metadata.
/// </summary>
public sealed class ArrowShardSink<T>(string outputUri, ShardSinkOptions? options = null) : ShardSink<T>(outputUri, options)
{
    /// <inheritdoc />
    protected override string Format => "arrow";

    /// <inheritdoc />
    protected override string Extension => ".arrow";

    /// <inheritdoc />
    protected override IShardFormatWriter<T> CreateWriter(Stream output) => new Writer(new ArrowShardWriter<T>(output, Options.Metadata));

    private sealed class Writer(ArrowShardWriter<T> inner) : IShardFormatWriter<T>
    {
        public ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct) => inner.WriteAsync(records, ct);
        public ValueTask CompleteAsync(CancellationToken ct) => inner.CompleteAsync(ct);
        public bool Accepts(IReadOnlyList<T> records) => inner.Accepts(records);
    }
}
