using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Writes a flow to a sink, one writer per work unit. A unit's last batch closes its writer and reports the
/// outputs to the run's unit tracker; writers of units that never finished (a stop or a fault) are aborted.
/// </summary>
internal sealed class SinkNode<T>(string name, Node input, IRecordSink<T> sink) : Node(name, "sink", [input]), ISinkNode
{
    public string OutputUri => Sink.OutputUri;

    public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) =>
        Sink.WriteManifestAsync(pipeline, outputs, ct);

    public Task DeleteAsync(string key, CancellationToken ct) => Sink.Outputs.DeleteAsync(key, ct);

    public Task<Storage.Objects.ObjectInfo?> StatAsync(string key, CancellationToken ct) => Sink.Outputs.StatAsync(key, ct);

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct) => Sink.Outputs.OpenReadAsync(key, ct);

    public IRecordSink<T> Sink { get; } = sink;

    public override Type? OutputType => null;

    internal override void Build(RunGraph graph)
    {
        var metrics = graph.MetricsOf(this);
        var writers = new Dictionary<string, ISinkUnitWriter<T>>();
        var block = new ActionBlock<Batch<T>>(async batch =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!writers.TryGetValue(batch.Unit.Id, out var writer))
                writers[batch.Unit.Id] = writer = Sink.OpenUnit(batch.Unit, graph.Tracker.Attempt);
            metrics.AddIn(batch.Items.Length);
            try
            {
                if (batch.Items.Length > 0) await writer.WriteAsync(batch.Items, graph.Abort);
                if (batch.IsLast)
                {
                    writers.Remove(batch.Unit.Id);
                    var outputs = await writer.CompleteAsync(graph.Abort);
                    metrics.AddOut(outputs.Sum(o => o.Rows));
                    metrics.AddBytesOut(outputs.Sum(o => o.Bytes));
                    await graph.Tracker.SinkDoneAsync(batch.Unit, this, outputs, graph.Abort);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OperatorException)
            {
                throw new OperatorException(Name, batch.Unit.Id, batch.Unit.Uri, batch.Positions.FirstOrDefault(-1), null, e);
            }
            finally
            {
                metrics.AddBusy(Stopwatch.GetTimestamp() - started);
            }
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = graph.Options.LinkCapacity, CancellationToken = graph.Abort });
        ((ISourceBlock<Batch<T>>)graph.TakePort(Inputs[0], this)).LinkTo(block, RunGraph.Propagate);
        metrics.QueueDepthProbe = () => block.InputCount;
        var ended = block.Completion.ContinueWith(async t =>
        {
            // Units still open here did not finish: discard their partial shards.
            foreach (var writer in writers.Values) await writer.AbortAsync();
            writers.Clear();
            await t;
        }, TaskScheduler.Default).Unwrap();
        graph.Track(ended, Name);
    }

    public override string Describe() => $"sink {Name}: {Sink.Describe()}";
}
