using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Writes a flow to a sink, one writer per work unit, on <see cref="PipelineOptions.SinkParallelism"/> lanes. A unit's
/// last batch closes its writer and reports the outputs to the run's unit tracker; writers of units that never finished
/// (a stop or a fault) are aborted.
/// </summary>
internal sealed class SinkNode<T>(string name, Node input, IRecordSink<T> sink) : Node(name, OperatorRole.Sink, [input]), ISinkNode
{
    public string OutputUri => Sink.OutputUri;

    public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) =>
        Sink.WriteManifestAsync(pipeline, outputs, ct);

    /// <summary>Deletes one of the sink's outputs; a key the sink does not own is refused (it may be anyone's file).</summary>
    public Task DeleteAsync(string key, CancellationToken ct) =>
        Sink.OwnsKey(key) ? Sink.Outputs.DeleteAsync(key, ct) : throw new ArgumentException($"sink '{Name}' does not delete '{key}': not one of its output names", nameof(key));

    public bool OwnsKey(string key) => Sink.OwnsKey(key);

    public Task<Storage.Objects.ObjectInfo?> StatAsync(string key, CancellationToken ct) => Sink.Outputs.StatAsync(key, ct);

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct) => Sink.Outputs.OpenReadAsync(key, ct);

    public IRecordSink<T> Sink { get; } = sink;

    public bool CanCheckpoint => Sink.CanCheckpoint;

    public IAsyncEnumerable<Storage.Objects.ObjectInfo> ListAsync(CancellationToken ct) => Sink.Outputs.ListAsync("", ct);

    public override Type? OutputType => null;

    internal override void Build(RunGraph graph)
    {
        var input = (ISourceBlock<Batch<T>>)graph.TakePort(Inputs[0], this);
        var lanes = Enumerable.Range(0, Math.Max(1, graph.Options.SinkParallelism)).Select(_ => Lane(graph)).ToArray();
        if (lanes.Length == 1)
        {
            input.LinkTo(lanes[0], RunGraph.Propagate);
            graph.MetricsOf(this).QueueDepthProbe = () => lanes[0].InputCount;
            return;
        }
        // Units are spread over lanes by id: each unit's batches stay on one lane, in order, while different units
        // are serialised, compressed and hashed in parallel.
        var router = new ActionBlock<Batch<T>>(async batch =>
        {
            var lane = lanes[(int)((uint)batch.Unit.Id.GetHashCode() % (uint)lanes.Length)];
            if (!await lane.SendAsync(batch, graph.Abort)) await Declined.ThrowCauseAsync(lane, $"a lane of sink '{Name}'");
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = graph.Options.LinkCapacity, CancellationToken = graph.Abort });
        input.LinkTo(router, RunGraph.Propagate);
        router.Completion.ContinueWith(t =>
        {
            foreach (var lane in lanes)
            {
                if (t.Exception is { } e) ((IDataflowBlock)lane).Fault(e.InnerException ?? e);
                else lane.Complete();
            }
        }, TaskScheduler.Default);
        graph.Track(router, Name + "/router");
        graph.MetricsOf(this).QueueDepthProbe = () => router.InputCount + lanes.Sum(l => l.InputCount);
    }

    /// <summary>One writer thread of the sink, with its own open unit writers.</summary>
    private ActionBlock<Batch<T>> Lane(RunGraph graph)
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
                if (batch.Checkpoint is { } mark && !batch.IsLast)
                    await graph.Tracker.SinkCheckpointAsync(batch.Unit, this, mark, await writer.CheckpointAsync(graph.Abort), graph.Abort);
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
        var ended = block.Completion.ContinueWith(async t =>
        {
            // Units still open here did not finish: discard their partial shards.
            foreach (var writer in writers.Values) await writer.AbortAsync();
            writers.Clear();
            await t;
        }, TaskScheduler.Default).Unwrap();
        graph.Track(ended, Name);
        return block;
    }

    public override string Describe() => $"sink {Name}: {Sink.Describe()}";
}
