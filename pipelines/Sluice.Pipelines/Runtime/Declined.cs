using System.Threading.Tasks.Dataflow;

namespace Sluice.Pipelines.Runtime;

/// <summary>What a block does when the block it hands batches to declines one.</summary>
internal static class Declined
{
    /// <summary>
    /// Ends with the cause: a target declines only once it has ended, and when it ended by a fault that fault is the
    /// run's root cause. Reporting "stopped accepting" instead would race it to <see cref="RunGraph.Fail"/> and could
    /// hide the operator, unit and record the fault names. A target cancelled by the run's abort ends this as
    /// cancelled; one that ended cleanly while batches still came is a wiring bug, reported as such.
    /// </summary>
    public static async Task ThrowCauseAsync(IDataflowBlock target, string what)
    {
        await target.Completion;
        throw new InvalidOperationException($"{what} stopped accepting batches");
    }
}
