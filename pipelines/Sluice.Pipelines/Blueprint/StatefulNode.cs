using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// A stateful operator: one accumulator per work unit sees every record of the unit, then emits. Its unit
/// restarts from the beginning after an interruption (no state checkpoint).
/// </summary>
internal sealed class StatefulNode<TIn, TOut>(string name, Node input, Func<WorkUnit, IUnitAccumulator<TIn, TOut>> open)
    : Node(name, OperatorRole.Stateful, [input])
{
    public override Type? OutputType => typeof(TOut);

    internal override bool RestartsUnits => true;

    internal override void Build(RunGraph graph)
    {
        var metrics = graph.MetricsOf(this);
        var states = new Dictionary<string, IUnitAccumulator<TIn, TOut>>();
        var batchSize = graph.Options.BatchSize;
        // One at a time: accumulators are not thread-safe, and batches of a unit arrive in order.
        var block = new TransformManyBlock<Batch<TIn>, Batch<TOut>>(batch =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!states.TryGetValue(batch.Unit.Id, out var state)) states[batch.Unit.Id] = state = open(batch.Unit);
            metrics.AddIn(batch.Items.Length);
            for (var i = 0; i < batch.Items.Length; i++)
            {
                try { state.Add(batch.Items[i]); }
                catch (Exception e) { throw new OperatorException(Name, batch.Unit.Id, batch.Unit.Uri, batch.Positions[i], RecordIdentity.Of(batch.Items[i]), e); }
            }
            var output = new List<Batch<TOut>>();
            if (batch.IsLast)
            {
                states.Remove(batch.Unit.Id);
                List<TOut> emitted;
                try { emitted = state.Complete().ToList(); }
                catch (Exception e) { throw new OperatorException(Name, batch.Unit.Id, batch.Unit.Uri, -1, null, e); }
                metrics.AddOut(emitted.Count);
                for (var at = 0; at < emitted.Count || at == 0; at += batchSize)
                {
                    var chunk = emitted.Skip(at).Take(batchSize).ToArray();
                    var last = at + batchSize >= emitted.Count;
                    output.Add(new Batch<TOut>(batch.Unit, chunk, Enumerable.Repeat(-1L, chunk.Length).ToArray(), last));
                }
            }
            metrics.AddBusy(Stopwatch.GetTimestamp() - started);
            return output;
        }, graph.BlockOptions(1));
        ((ISourceBlock<Batch<TIn>>)graph.TakePort(Inputs[0], this)).LinkTo(block, RunGraph.Propagate);
        metrics.QueueDepthProbe = () => block.InputCount;
        graph.Track(block, Name);
        graph.SetOutput(this, block);
    }
}
