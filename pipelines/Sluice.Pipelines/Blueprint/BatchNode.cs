using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// A per-batch async operator (model calls): receives a unit's records a batch at a time and returns exactly
/// one result per input, in order: a value passed on, or a reject reason (the reject keeps the input record).
/// Several batches run at once up to its parallelism; output order is kept.
/// </summary>
internal sealed class BatchNode<TIn, TOut>(string name, Node input,
    Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<MapResult<TOut>>>> call, int parallelism)
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
            IReadOnlyList<MapResult<TOut>> results = [];
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
            var output = Split(batch, results, graph.Rejects);
            metrics.AddOut(output.Items.Length);
            metrics.AddRejected(results.Count - output.Items.Length);
            metrics.AddBusy(Stopwatch.GetTimestamp() - started);
            return output;
        }, graph.BlockOptions(parallelism));
        ((ISourceBlock<Batch<TIn>>)graph.TakePort(Inputs[0], this)).LinkTo(block, RunGraph.Propagate);
        metrics.QueueDepthProbe = () => block.InputCount;
        graph.Track(block, Name);
        graph.SetOutput(this, block);
    }

    // Values go on with their positions; rejects go to the run's collector (which throws the first under Stop).
    private Batch<TOut> Split(Batch<TIn> batch, IReadOnlyList<MapResult<TOut>> results, RejectCollector collector)
    {
        var items = new List<TOut>(results.Count);
        var positions = new List<long>(results.Count);
        var rejects = new List<RejectRecord>();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Reason is { } reason)
            {
                rejects.Add(new RejectRecord(Name, batch.Unit.Id, batch.Unit.Uri, batch.Positions[i], reason, RejectPayload.Serialize(results[i].Rejected ?? batch.Items[i])));
                continue;
            }
            items.Add(results[i].Value!);
            positions.Add(batch.Positions[i]);
        }
        collector.Add(batch.Unit, rejects);
        return new Batch<TOut>(batch.Unit, [.. items], rejects.Count == 0 ? batch.Positions : [.. positions], batch.IsLast, batch.Checkpoint);
    }
}
