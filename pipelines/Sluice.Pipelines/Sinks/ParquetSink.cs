using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Sinks;

/// <summary>Writes records as Parquet shards with row groups of about <paramref name="rowGroupBytes"/> (default 64 MiB).</summary>
public sealed class ParquetSink<T>(string outputUri, long rowGroupBytes = 64L << 20, ShardSinkOptions? options = null)
    : ShardSink<T>(outputUri, options)
{
    /// <inheritdoc />
    protected override string Format => "parquet";

    /// <inheritdoc />
    protected override string Extension => ".parquet";

    /// <inheritdoc />
    protected override IShardFormatWriter<T> CreateWriter(Stream output) => new Writer(new ParquetShardWriter<T>(output, rowGroupBytes));

    private sealed class Writer(ParquetShardWriter<T> inner) : IShardFormatWriter<T>
    {
        public ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct) => inner.WriteAsync(records, ct);
        public ValueTask CompleteAsync(CancellationToken ct) => inner.CompleteAsync(ct);
        public bool Accepts(IReadOnlyList<T> records) => inner.Accepts(records);
    }
}
