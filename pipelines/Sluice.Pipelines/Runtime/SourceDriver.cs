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
        long read = 0;
        var positions = new List<long>(size);
        async ValueTask<bool> SendAsync(bool last)
        {
            var batch = new Batch<T>(unit, items.ToArray(), positions.ToArray(), last);
            metrics.AddOut(items.Count);
            items.Clear();
            positions.Clear();
            return await output.SendAsync(batch, ct);
        }

        try
        {
            await foreach (var item in node.Source.ReadAsync(unit, ct))
            {
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
                // A user stop ends reading between batches; the unit stays incomplete and is not committed.
                if (graph.StopReading.IsCancellationRequested || !await SendAsync(last: false)) return;
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
        if (graph.StopReading.IsCancellationRequested) return;
        metrics.AddBytesIn(unit.SizeBytes);
        graph.Tracker.SourceRead(unit, read);
        await SendAsync(last: true);
    }
}
