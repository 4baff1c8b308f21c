using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Contracts;

/// <summary>
/// A sink writes each work unit's records to its own output objects, so that a unit's output can be
/// committed, skipped or discarded as a whole.
/// </summary>
public interface IRecordSink<T>
{
    /// <summary>Where the sink writes (a folder or bucket prefix URI).</summary>
    string OutputUri { get; }

    /// <summary>The store rooted at <see cref="OutputUri"/>, for checking and deleting outputs by key.</summary>
    Storage.Objects.IObjectStore Outputs { get; }

    /// <summary>A short description for plans and logs.</summary>
    string Describe();

    /// <summary>Starts a unit's output. <paramref name="attempt"/> makes output keys unique per attempt.</summary>
    ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt);

    /// <summary>Writes the dataset manifest listing exactly the given committed outputs.</summary>
    Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="key"/> (relative to <see cref="OutputUri"/>) is a name this sink gives its outputs. The
    /// run deletes no other key through the sink, and a commit or checkpoint that lists another key for it is refused.
    /// Default: any plain relative key (<see cref="Storage.Objects.ObjectKeys.IsPlainRelative"/>); sinks with a naming
    /// scheme narrow it to that scheme.
    /// </summary>
    bool OwnsKey(string key) => Storage.Objects.ObjectKeys.IsPlainRelative(key);

    /// <summary>
    /// True when its unit writers can close their output part-way (<see cref="ISinkUnitWriter{T}.CheckpointAsync"/>),
    /// so a large unit resumes from its last checkpoint. Default false: the unit restarts from its beginning.
    /// </summary>
    bool CanCheckpoint => false;
}

/// <summary>Writes one unit's records; shards roll by rows or bytes.</summary>
public interface ISinkUnitWriter<T> : IAsyncDisposable
{
    /// <summary>Appends records in order.</summary>
    ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct);

    /// <summary>Closes every shard and returns what was written.</summary>
    Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct);

    /// <summary>
    /// Closes the open output so that everything written so far is durable, and returns every output this writer
    /// has closed. Those outputs are then part of a checkpoint: <see cref="AbortAsync"/> must keep them. Writing
    /// goes on in new outputs. Only called when the sink's <see cref="IRecordSink{T}.CanCheckpoint"/> is true.
    /// </summary>
    Task<IReadOnlyList<SinkOutput>> CheckpointAsync(CancellationToken ct) =>
        throw new NotSupportedException($"{GetType().Name} cannot checkpoint part of a unit");

    /// <summary>Deletes whatever this writer wrote, except outputs returned by a checkpoint; never throws.</summary>
    Task AbortAsync();
}

/// <summary>One output object of a sink.</summary>
/// <param name="Key">Key relative to the sink's output URI.</param>
/// <param name="Rows">Records in it.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Unit">The work unit that wrote it.</param>
/// <param name="Sha256">Hex SHA-256 of its bytes, when computed while writing.</param>
/// <param name="Partition">The partition it holds, for shards of a partitioned write (<c>WritePartitioned</c>); null otherwise.</param>
public sealed record SinkOutput(string Key, long Rows, long Bytes, string Unit, string? Sha256 = null, int? Partition = null);
