using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Fan-in: batches of several flows of one type into one; completes only when every input has. When one
/// unit reaches the merge through several inputs (fan-out, then merge), only its final end-of-unit marker
/// passes, so everything downstream sees each unit end once.
/// </summary>
internal sealed class MergeNode<T>(string name, IReadOnlyList<Node> inputs) : Node(name, OperatorRole.Merge, inputs)
{
    public override Type? OutputType => typeof(T);

    internal override bool RestartsUnits => true;

    internal override void Build(RunGraph graph)
    {
        var expected = graph.Pipeline.SourcesReaching(this);
        var seen = new Dictionary<string, int>();
        var merged = new TransformBlock<Batch<T>, Batch<T>>(batch =>
        {
            if (!batch.IsLast) return batch;
            seen[batch.Unit.Id] = seen.GetValueOrDefault(batch.Unit.Id) + 1;
            if (seen[batch.Unit.Id] == expected[batch.Unit.Source])
            {
                seen.Remove(batch.Unit.Id);
                return batch;
            }
            return new Batch<T>(batch.Unit, batch.Items, batch.Positions, isLast: false);
        }, graph.BlockOptions(1));
        var sources = Inputs.Select(i => (ISourceBlock<Batch<T>>)graph.TakePort(i, this)).ToArray();
        // Links must not propagate completion: the first input to finish would end the merge early.
        foreach (var source in sources) source.LinkTo(merged);
        Task.WhenAll(sources.Select(s => s.Completion)).ContinueWith(t =>
        {
            if (t.Exception is { } e) ((IDataflowBlock)merged).Fault(e.InnerException ?? e);
            else merged.Complete();
        }, TaskScheduler.Default);
        graph.MetricsOf(this).QueueDepthProbe = () => merged.InputCount;
        graph.Track(merged, Name);
        graph.SetOutput(this, merged);
    }
}
