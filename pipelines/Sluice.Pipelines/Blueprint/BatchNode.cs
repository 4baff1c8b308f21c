using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// A per-batch async operator (model calls): receives a unit's records a batch at a time and returns exactly
/// one output per input, in order. Several batches run at once up to its parallelism; output order is kept.
/// </summary>
internal sealed class BatchNode<TIn, TOut>(string name, Node input,
    Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> call, int parallelism)
    : Node(name, OperatorRole.Inference, [input])
{
    public override Type? OutputType => typeof(TOut);

    internal override void Build(RunGraph graph)
    {
        var metrics = graph.MetricsOf(this);
        var block = new TransformBlock<Batch<TIn>, Batch<TOut>>(async batch =>
        {
            var started = Stopwatch.GetTimestamp();
            metrics.AddIn(batch.Items.Length);
            IReadOnlyList<TOut> results = [];
            if (batch.Items.Length > 0)
            {
                try { results = await call(batch.Items, graph.Abort); }
                catch (Exception e) when (e is not OperationCanceledException || !graph.Abort.IsCancellationRequested)
                {
                    throw new OperatorException(Name, batch.Unit.Id, batch.Unit.Uri, batch.Positions[0], RecordIdentity.Of(batch.Items[0]), e);
                }
                if (results.Count != batch.Items.Length)
                    throw new OperatorException(Name, batch.Unit.Id, batch.Unit.Uri, batch.Positions[0], null,
                        new InvalidOperationException($"a batch operator must return one output per input: got {results.Count} for {batch.Items.Length}"));
            }
            metrics.AddOut(results.Count);
            metrics.AddBusy(Stopwatch.GetTimestamp() - started);
            return new Batch<TOut>(batch.Unit, results as TOut[] ?? results.ToArray(), batch.Positions, batch.IsLast, batch.Checkpoint);
        }, graph.BlockOptions(parallelism));
        ((ISourceBlock<Batch<TIn>>)graph.TakePort(Inputs[0], this)).LinkTo(block, RunGraph.Propagate);
        metrics.QueueDepthProbe = () => block.InputCount;
        graph.Track(block, Name);
        graph.SetOutput(this, block);
    }
}
