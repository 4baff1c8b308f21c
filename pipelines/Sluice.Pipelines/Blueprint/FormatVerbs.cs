using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Blueprint;

/// <summary>The <c>Read…</c> and <c>Write…</c> verbs for the built-in formats.</summary>
public static class FormatVerbs
{
    /// <summary>Reads JSON Lines (plain, .gz, .zst) from an object, folder, glob or dataset URI.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<T> ReadJsonl<T>(this PipelineBuilder p, string uri, JsonlSourceOptions? options = null, string? name = null) =>
        p.Read(new JsonlSource<T>(uri, options), name);

    /// <summary>Reads Parquet files from an object, folder, glob or dataset URI.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<T> ReadParquet<T>(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new ParquetSource<T>(uri), name);

    /// <summary>Reads Arrow IPC files or streams from an object, folder, glob or dataset URI.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<T> ReadArrow<T>(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new ArrowSource<T>(uri), name);

    /// <summary>Reads plain text files, one record per file.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<TextDocument> ReadTextFiles(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new TextFileSource(uri), name);

    /// <summary>Writes JSON Lines shards (gzip by default) and a manifest under <paramref name="uri"/>.</summary>
    [Verb(OperatorRole.Sink)]
    public static PipelineBuilder WriteJsonl<T>(this Flow<T> flow, string uri, Compression compression = Compression.Gzip,
        ShardSinkOptions? options = null, string? name = null) =>
        flow.Write(new JsonlSink<T>(uri, compression, options), name);

    /// <summary>Writes Parquet shards and a manifest under <paramref name="uri"/>.</summary>
    [Verb(OperatorRole.Sink)]
    public static PipelineBuilder WriteParquet<T>(this Flow<T> flow, string uri, long rowGroupBytes = 64L << 20,
        ShardSinkOptions? options = null, string? name = null) =>
        flow.Write(new ParquetSink<T>(uri, rowGroupBytes, options), name);

    /// <summary>Writes Arrow IPC shards of about <paramref name="shardBytes"/> and a manifest under <paramref name="uri"/>.</summary>
    [Verb(OperatorRole.Sink)]
    public static PipelineBuilder WriteArrowShards<T>(this Flow<T> flow, string uri, long shardBytes = 256L << 20,
        IReadOnlyDictionary<string, string>? metadata = null, string? name = null) =>
        flow.Write(new ArrowShardSink<T>(uri, new ShardSinkOptions { ShardBytes = shardBytes, Metadata = metadata }), name);
}
