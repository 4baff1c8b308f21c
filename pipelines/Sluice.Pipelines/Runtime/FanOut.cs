using System.Threading.Tasks.Dataflow;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Hands every batch to each of several branches, waiting for room in each (BroadcastBlock would drop batches
/// for a bounded branch). Completes or faults all branches when its input does.
/// </summary>
internal static class FanOut
{
    public static IReadOnlyList<ISourceBlock<Batch<T>>> Create<T>(ISourceBlock<Batch<T>> input, int branches, RunGraph graph, string name)
    {
        var outputs = Enumerable.Range(0, branches)
            .Select(_ => new BufferBlock<Batch<T>>(new DataflowBlockOptions { BoundedCapacity = graph.Options.LinkCapacity, CancellationToken = graph.Abort }))
            .ToArray();
        var fan = new ActionBlock<Batch<T>>(async batch =>
        {
            foreach (var output in outputs)
                if (!await output.SendAsync(batch, graph.Abort)) await Declined.ThrowCauseAsync(output, $"a branch after '{name}'");
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = graph.Options.LinkCapacity, CancellationToken = graph.Abort });
        input.LinkTo(fan, RunGraph.Propagate);
        fan.Completion.ContinueWith(t =>
        {
            foreach (var output in outputs)
            {
                if (t.Exception is { } e) ((IDataflowBlock)output).Fault(e.InnerException ?? e);
                else output.Complete();
            }
        }, TaskScheduler.Default);
        graph.Track(fan, name + "/fan-out");
        return outputs;
    }
}
