namespace Sluice.Pipelines.Sinks;

/// <summary>When a sink starts a new shard within a unit.</summary>
public sealed record ShardSinkOptions
{
    /// <summary>A shard closes once it holds this many records. Default 1,000,000.</summary>
    public long ShardRows { get; init; } = 1_000_000;

    /// <summary>A shard closes once about this many bytes are written. Default 256 MiB.</summary>
    public long ShardBytes { get; init; } = 256L << 20;

    /// <summary>Name prefix of shard objects. Default <c>part</c>.</summary>
    public string Prefix { get; init; } = "part";

    /// <summary>Facts stored in the dataset manifest (and in Arrow schema metadata). Default none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
