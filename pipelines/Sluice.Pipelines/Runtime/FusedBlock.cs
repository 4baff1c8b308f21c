using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Runtime;

/// <summary>One Dataflow block running a group of adjacent per-record operators over each batch.</summary>
internal static class FusedBlock
{
    public static ISourceBlock<Batch<TOut>> Create<TIn, TOut>(IReadOnlyList<RecordOpNode> group, ISourceBlock<Batch<TIn>> input, RunGraph graph)
    {
        var metrics = group.Select(graph.MetricsOf).ToArray();
        var block = new TransformBlock<Batch<TIn>, Batch<TOut>>(batch =>
        {
            var started = Stopwatch.GetTimestamp();
            var scope = new BatchScope(batch.Unit);
            var collect = new CollectPush<TOut>(batch.Items.Length);
            object next = collect;
            for (var i = group.Count - 1; i >= 0; i--) next = group[i].CreatePush(next, scope, metrics[i]);
            var head = (IPush<TIn>)next;
            var items = batch.Items;
            var positions = batch.Positions;
            for (var i = 0; i < items.Length; i++) head.Push(items[i], positions[i]);
            head.Flush();
            graph.Rejects.Add(batch.Unit, scope.Rejects);
            // Operators of a fused group share one block, so each is charged the group's time.
            var elapsed = Stopwatch.GetTimestamp() - started;
            foreach (var m in metrics) m.AddBusy(elapsed);
            return new Batch<TOut>(batch.Unit, collect.Items.ToArray(), collect.Positions.ToArray(), batch.IsLast, batch.Checkpoint);
        }, graph.BlockOptions(group.Min(n => n.Parallelism)));
        input.LinkTo(block, RunGraph.Propagate);
        metrics[0].QueueDepthProbe = () => block.InputCount;
        graph.Track(block, group[0].Name);
        return block;
    }
}
