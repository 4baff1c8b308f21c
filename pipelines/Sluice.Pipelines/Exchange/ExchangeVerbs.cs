using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// The exchange: a stage ends in <c>WritePartitioned</c> and a later stage of the workflow reads each
/// partition whole with <see cref="ReadPartitions{T}"/> or <see cref="ReadGroups{T,TKey}"/>, so every record of a key,
/// from every rank, meets in one work unit. Both halves commit and resume like any stage.
/// </summary>
public static class ExchangeVerbs
{
    /// <summary>
    /// Writes JSON Lines shards, one per partition per unit (<c>part-PPPPP-UNIT-ATTEMPT-NNNN.jsonl.zst</c>), the
    /// partition chosen by the hash of <paramref name="key"/> (<see cref="Partitioning"/>). Zstandard by default: an
    /// exchange is written once and read once, so it favours speed over size.
    /// </summary>
    [Verb(OperatorRole.Sink)]
    public static PipelineBuilder WritePartitioned<T>(this Flow<T> flow, string uri, Func<T, string> key, int partitions,
        Compression compression = Compression.Zstd, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return flow.WritePartitionedByHash(uri, r => Partitioning.Hash(key(r)), partitions, compression, name);
    }

    /// <summary>As <c>WritePartitioned</c>, with the key's 64-bit hash given (a key that already is a hash, or a composite key hashed by the caller).</summary>
    [Verb(OperatorRole.Sink)]
    public static PipelineBuilder WritePartitionedByHash<T>(this Flow<T> flow, string uri, Func<T, ulong> keyHash, int partitions,
        Compression compression = Compression.Zstd, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        Partitioning.Check(partitions);
        var format = new JsonlSink<T>(uri, compression, new ShardSinkOptions { Metadata = new Dictionary<string, string> { ["partitions"] = partitions.ToString() } });
        return flow.Write(new PartitionedSink<T>(format, keyHash, partitions), name);
    }

    /// <summary>Reads a partitioned dataset with one work unit per partition: all of a partition's records, from every unit that wrote it.</summary>
    [Verb(OperatorRole.Source)]
    public static Flow<T> ReadPartitions<T>(this PipelineBuilder p, string uri, string? name = null) =>
        p.Read(new PartitionSource<T>(uri), name);

    /// <summary>
    /// Reads a partitioned dataset one partition per unit, sorted by <paramref name="key"/>, each record with its group's
    /// first record and its index in the group. Partitions larger than <paramref name="sortBufferBytes"/> (default 64 MiB
    /// of JSON per unit being read) are sorted through local spill files. Records with equal keys keep their input order
    /// (the writing stage's units in plan order, each unit's records in order), so a group's first record is its first in
    /// input order; to prefer another (a score), write the records so the preferred one sorts first within the key.
    /// </summary>
    [Verb(OperatorRole.Source)]
    public static Flow<GroupMember<TKey, T>> ReadGroups<T, TKey>(this PipelineBuilder p, string uri, Func<T, TKey> key,
        IComparer<TKey>? comparer = null, long sortBufferBytes = 64L << 20, string? name = null) =>
        p.Read(new GroupedPartitionSource<T, TKey>(uri, key, comparer, sortBufferBytes), name);
}
