using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Reads a source's assigned units (several at a time) into batches and sends them into the graph, waiting
/// whenever the first link is full: this wait is what keeps memory flat however large the input.
/// </summary>
internal static class SourceDriver<T>
{
    public static ISourceBlock<Batch<T>> Start(SourceNode<T> node, RunGraph graph)
    {
        var output = new BufferBlock<Batch<T>>(new DataflowBlockOptions { BoundedCapacity = graph.Options.LinkCapacity, CancellationToken = graph.Abort });
        var metrics = graph.MetricsOf(node);
        metrics.QueueDepthProbe = () => output.Count;
        var sourceIndex = graph.Pipeline.SourceIndexOf(node);
        var units = graph.UnitsBySource.GetValueOrDefault(sourceIndex) ?? [];
        var reading = Task.Run(async () =>
        {
            try
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = graph.Options.SourceParallelism, CancellationToken = graph.Abort };
                await Parallel.ForEachAsync(units, options, (unit, ct) => ReadUnitAsync(node, unit, output, graph, ct));
                output.Complete();
            }
            catch (Exception e)
            {
                ((IDataflowBlock)output).Fault(e);
                throw;
            }
        });
        graph.Track(reading, node.Name);
        return output;
    }

    private static async ValueTask ReadUnitAsync(SourceNode<T> node, WorkUnit unit, BufferBlock<Batch<T>> output, RunGraph graph, CancellationToken ct)
    {
        var metrics = graph.MetricsOf(node);
        var size = graph.Options.BatchSize;
        var items = new List<T>(size);
        var positions = new List<long>(size);
        var marks = graph.Tracker.CheckpointsPartWay ? new CheckpointClock(graph.Options) : null;
        // A unit resumed from a checkpoint re-reads the items the checkpoint covers without sending them on.
        var skip = graph.Tracker.ResumedFrom(unit)?.Consumed ?? 0;
        long consumed = 0, read = 0, lastPosition = -1;
        async ValueTask<bool> SendAsync(bool last, bool mark = false)
        {
            var checkpoint = mark ? new CheckpointMark(consumed, read, lastPosition) : null;
            var batch = new Batch<T>(unit, items.ToArray(), positions.ToArray(), last, checkpoint);
            metrics.AddOut(items.Count);
            items.Clear();
            positions.Clear();
            if (checkpoint is not null) marks!.Marked(consumed);
            return await output.SendAsync(batch, ct);
        }

        try
        {
            await foreach (var item in node.Source.ReadAsync(unit, ct))
            {
                if (++consumed <= skip)
                {
                    if (item.Error is null) read++;
                    continue;
                }
                lastPosition = item.Position;
                if (item.Error is not null)
                {
                    metrics.AddRejected(1);
                    graph.Rejects.Add(new RejectRecord(node.Name, unit.Id, unit.Uri, item.Position, item.Error, null));
                    if (item.Fatal) break;
                    continue;
                }
                items.Add(item.Record!);
                read++;
                positions.Add(item.Position);
                if (items.Count < size) continue;
                if (graph.StopReading.IsCancellationRequested)
                {
                    // A user stop or preemption ends reading between batches. The unit is not committed; with
                    // checkpoints its output so far is, so a resume goes on from here.
                    if (marks is not null) await SendAsync(last: false, mark: true);
                    return;
                }
                if (!await SendAsync(last: false, mark: marks?.Due(consumed) == true)) return;
            }
        }
        catch (InvalidDataException e)
        {
            // A truncated or corrupt file: keep what was read, quarantine the rest of the unit with the reason.
            metrics.AddRejected(1);
            graph.Rejects.Add(new RejectRecord(node.Name, unit.Id, unit.Uri, -1, e.Message, null));
        }
        catch (Exception e) when (e is not OperationCanceledException and not RejectedRecordException)
        {
            throw new OperatorException(node.Name, unit.Id, unit.Uri, -1, null, e);
        }
        if (graph.StopReading.IsCancellationRequested)
        {
            if (marks is not null && consumed > skip) await SendAsync(last: false, mark: true);
            return;
        }
        metrics.AddBytesIn(unit.SizeBytes);
        graph.Tracker.SourceRead(unit, read);
        await SendAsync(last: true);
    }
}
