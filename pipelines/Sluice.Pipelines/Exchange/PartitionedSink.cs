using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// The writing half of an exchange: each unit writes one shard per partition it has records for,
/// <c>PREFIX-PPPPP-UNIT-ATTEMPT-NNNN.EXT</c> in <paramref name="format"/>'s format, committed with the unit like any
/// shard; the manifest lists each shard with its partition and holds the partition count (metadata
/// <c>partitions</c>). A later stage reads it one partition per unit (<see cref="PartitionSource{T}"/>).
/// Memory: one open shard per partition a unit has touched (a compressor and, on S3, one upload part buffer each), so
/// the partition count times the units in flight bounds it; keep partitions to what ranks × a few need.
/// </summary>
/// <param name="format">The shard sink whose format, naming and manifest are used.</param>
/// <param name="hashOf">The 64-bit hash of a record's key (<see cref="Partitioning.Hash(string)"/> for strings).</param>
/// <param name="partitions">How many partitions (1 to <see cref="Partitioning.MaxPartitions"/>).</param>
public sealed class PartitionedSink<T>(ShardSink<T> format, Func<T, ulong> hashOf, int partitions) : IRecordSink<T>
{
    /// <summary>The partition count.</summary>
    public int Partitions { get; } = Partitioning.Check(partitions);

    /// <inheritdoc />
    public string OutputUri => format.OutputUri;

    /// <inheritdoc />
    public IObjectStore Outputs => format.Outputs;

    /// <inheritdoc />
    public string Describe() => $"{format.Describe()} in {Partitions} partitions";

    /// <inheritdoc />
    public bool CanCheckpoint => true;

    /// <inheritdoc />
    public bool OwnsKey(string key) => format.OwnsKey(key);

    /// <inheritdoc />
    public ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt) => new PartitionedUnitWriter<T>(format, unit, attempt, hashOf, Partitions);

    /// <inheritdoc />
    public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) =>
        format.WriteManifestAsync(pipeline, outputs, ct);
}
