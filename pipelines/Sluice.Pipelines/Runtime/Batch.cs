using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Records of one work unit travelling together between blocks. Immutable once sent: fan-out hands the
/// same batch to several branches. The unit's last batch (possibly empty) carries <see cref="IsLast"/>; a batch that
/// ends a checkpoint interval carries <see cref="Checkpoint"/>.
/// </summary>
internal sealed class Batch<T>(WorkUnit unit, T[] items, long[] positions, bool isLast, CheckpointMark? checkpoint = null)
{
    /// <summary>The unit these records belong to.</summary>
    public WorkUnit Unit { get; } = unit;

    /// <summary>The records, in input order.</summary>
    public T[] Items { get; } = items;

    /// <summary>For each record, its line or row in the unit's input (-1 when made by a stateful operator).</summary>
    public long[] Positions { get; } = positions;

    /// <summary>True for the unit's final batch: every record of the unit has been sent before or in it.</summary>
    public bool IsLast { get; } = isLast;

    /// <summary>
    /// Set when every record the source read up to this mark is in this batch or before it: when each sink reaches
    /// it, the unit's output so far is checkpointed. Operators pass it on unchanged.
    /// </summary>
    public CheckpointMark? Checkpoint { get; } = checkpoint;
}
