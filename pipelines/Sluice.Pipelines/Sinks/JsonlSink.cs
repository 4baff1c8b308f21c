using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Sinks;

/// <summary>Writes records as JSON Lines shards (snake_case fields), compressed by <paramref name="compression"/>.</summary>
public sealed class JsonlSink<T>(string outputUri, Compression compression = Compression.Gzip, ShardSinkOptions? options = null)
    : ShardSink<T>(outputUri, options)
{
    /// <inheritdoc />
    protected override string Format => "jsonl";

    /// <inheritdoc />
    protected override string Extension => compression switch
    {
        Compression.Gzip => ".jsonl.gz",
        Compression.Zstd => ".jsonl.zst",
        _ => ".jsonl",
    };

    /// <inheritdoc />
    protected override IShardFormatWriter<T> CreateWriter(Stream output) => new Writer(new JsonlShardWriter<T>(output, compression));

    private sealed class Writer(JsonlShardWriter<T> inner) : IShardFormatWriter<T>
    {
        public ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct) => inner.WriteAsync(records, ct);
        public ValueTask CompleteAsync(CancellationToken ct) => inner.CompleteAsync();
    }
}
