using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Blueprint;

/// <summary>How a pipeline runs; every property has a default that suits a laptop and a batch node alike.</summary>
public sealed record PipelineOptions
{
    /// <summary>Records per batch between blocks. Default 1024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Batches a link holds before its producer waits (backpressure). Default 4.</summary>
    public int LinkCapacity { get; init; } = 4;

    /// <summary>Default degree of parallelism of per-record and per-batch operators. Default: processor count.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Units a source reads at once. Default: processor count.</summary>
    public int SourceParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Units a sink writes at once (each unit's batches stay in order on one lane). Default: processor count.</summary>
    public int SinkParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>What a rejected record does to the run. Default <see cref="Contracts.ErrorPolicy.Reject"/>.</summary>
    public ErrorPolicy ErrorPolicy { get; init; } = ErrorPolicy.Reject;

    /// <summary>Where rejects are written; null means <c>_rejects/</c> under the first sink's output. Default null.</summary>
    public string? RejectsUri { get; init; }

    /// <summary>
    /// With a run folder, a unit's output is checkpointed part-way each time its source has read this many more
    /// items, so a killed run redoes at most one interval of a large unit. 0: by time only. Default 0.
    /// </summary>
    public long CheckpointRecords { get; init; }

    /// <summary>
    /// With a run folder, a unit's output is also checkpointed when this long has passed since its last checkpoint
    /// (checked between batches). <see cref="TimeSpan.Zero"/> with <see cref="CheckpointRecords"/> 0 turns part-way
    /// checkpoints off. Default 2 minutes: a checkpoint costs a few small writes, a lost interval is bounded in time.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>True when either checkpoint threshold is set.</summary>
    public bool CheckpointsPartWay => CheckpointRecords > 0 || CheckpointInterval > TimeSpan.Zero;

    /// <summary>Throws when a value is out of range, so a bad configuration fails before any I/O.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}");
        if (LinkCapacity < 1) throw new ArgumentException($"LinkCapacity must be at least 1, got {LinkCapacity}");
        if (Parallelism < 1) throw new ArgumentException($"Parallelism must be at least 1, got {Parallelism}");
        if (SourceParallelism < 1) throw new ArgumentException($"SourceParallelism must be at least 1, got {SourceParallelism}");
        if (CheckpointRecords < 0) throw new ArgumentException($"CheckpointRecords must not be negative, got {CheckpointRecords}");
        if (CheckpointInterval < TimeSpan.Zero) throw new ArgumentException($"CheckpointInterval must not be negative, got {CheckpointInterval}");
        if (SinkParallelism < 1) throw new ArgumentException($"SinkParallelism must be at least 1, got {SinkParallelism}");
    }
}
