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

    /// <summary>Throws when a value is out of range, so a bad configuration fails before any I/O.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}");
        if (LinkCapacity < 1) throw new ArgumentException($"LinkCapacity must be at least 1, got {LinkCapacity}");
        if (Parallelism < 1) throw new ArgumentException($"Parallelism must be at least 1, got {Parallelism}");
        if (SourceParallelism < 1) throw new ArgumentException($"SourceParallelism must be at least 1, got {SourceParallelism}");
        if (SinkParallelism < 1) throw new ArgumentException($"SinkParallelism must be at least 1, got {SinkParallelism}");
    }
}
