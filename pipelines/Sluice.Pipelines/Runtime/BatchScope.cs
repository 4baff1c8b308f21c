using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>What the per-record operators of one fused block share while processing one batch.</summary>
internal sealed class BatchScope(WorkUnit unit)
{
    public WorkUnit Unit { get; } = unit;

    /// <summary>Rejects of this batch, handed to the collector when the batch is done.</summary>
    public List<RejectRecord> Rejects { get; } = [];

    public OperatorException Fault(string op, long position, object? record, Exception e) =>
        e as OperatorException ?? new OperatorException(op, Unit.Id, Unit.Uri, position, RecordIdentity.Of(record), e);
}
