using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// A per-record operator. Adjacent per-record operators (each the only consumer of the one before) are fused
/// into one block that pushes each record through all of them, so fusion costs no batch or queue per operator.
/// </summary>
internal abstract class RecordOpNode(string name, OperatorRole role, Node input, int parallelism) : Node(name, role, [input])
{
    public int Parallelism { get; } = parallelism;

    /// <summary>The head of the fused group this node runs in (itself when it heads one).</summary>
    internal RecordOpNode? FusedHead { get; set; }

    internal abstract object CreatePush(object next, BatchScope scope, Metrics.OperatorMetrics metrics);

    internal abstract void BuildGroup<THead>(IReadOnlyList<RecordOpNode> group, ISourceBlock<Batch<THead>> input, RunGraph graph);

    public override string Describe() =>
        FusedHead is { } head && head != this ? $"{Role.ToName()} {Name} (fused into {head.Name})" : $"{Role.ToName()} {Name}";
}

internal abstract class RecordOpNode<TIn, TOut>(string name, OperatorRole role, Node input, int parallelism)
    : RecordOpNode(name, role, input, parallelism)
{
    public override Type? OutputType => typeof(TOut);

    internal override object CreatePush(object next, BatchScope scope, Metrics.OperatorMetrics metrics) =>
        CreatePush((IPush<TOut>)next, scope, metrics);

    protected abstract IPush<TIn> CreatePush(IPush<TOut> next, BatchScope scope, Metrics.OperatorMetrics metrics);

    internal override void Build(RunGraph graph)
    {
        if (FusedHead != this) return; // built by its group's head
        var group = new List<RecordOpNode> { this };
        while (group[^1].Consumers is [RecordOpNode { FusedHead: var h } next] && h == this) group.Add(next);
        group[^1].BuildGroup(group, (ISourceBlock<Batch<TIn>>)graph.TakePort(Inputs[0], this), graph);
    }

    internal override void BuildGroup<THead>(IReadOnlyList<RecordOpNode> group, ISourceBlock<Batch<THead>> input, RunGraph graph) =>
        graph.SetOutput(this, FusedBlock.Create<THead, TOut>(group, input, graph));
}

internal sealed class MapNode<TIn, TOut>(string name, Node input, Func<TIn, TOut> map, int parallelism)
    : RecordOpNode<TIn, TOut>(name, OperatorRole.Transform, input, parallelism)
{
    protected override IPush<TIn> CreatePush(IPush<TOut> next, BatchScope scope, Metrics.OperatorMetrics m) =>
        new MapPush<TIn, TOut>(Name, m, scope, next, map);
}

internal sealed class MapWithOriginNode<TIn, TOut>(string name, Node input, Func<TIn, Exchange.RecordOrigin, TOut> map, int parallelism)
    : RecordOpNode<TIn, TOut>(name, OperatorRole.Transform, input, parallelism)
{
    protected override IPush<TIn> CreatePush(IPush<TOut> next, BatchScope scope, Metrics.OperatorMetrics m) =>
        new MapWithOriginPush<TIn, TOut>(Name, m, scope, next, map);
}

internal sealed class FilterNode<T>(string name, Node input, Func<T, string?> rejectReason, int parallelism)
    : RecordOpNode<T, T>(name, OperatorRole.Filter, input, parallelism)
{
    protected override IPush<T> CreatePush(IPush<T> next, BatchScope scope, Metrics.OperatorMetrics m) =>
        new FilterPush<T>(Name, m, scope, next, rejectReason);
}

internal sealed class FlatMapNode<TIn, TOut>(string name, Node input, Func<TIn, IEnumerable<TOut>> flatMap, int parallelism)
    : RecordOpNode<TIn, TOut>(name, OperatorRole.Transform, input, parallelism)
{
    protected override IPush<TIn> CreatePush(IPush<TOut> next, BatchScope scope, Metrics.OperatorMetrics m) =>
        new FlatMapPush<TIn, TOut>(Name, m, scope, next, flatMap);
}

internal sealed class MapOrRejectNode<TIn, TOut>(string name, Node input, Func<TIn, MapResult<TOut>> map, int parallelism)
    : RecordOpNode<TIn, TOut>(name, OperatorRole.Transform, input, parallelism)
{
    protected override IPush<TIn> CreatePush(IPush<TOut> next, BatchScope scope, Metrics.OperatorMetrics m) =>
        new MapOrRejectPush<TIn, TOut>(Name, m, scope, next, map);
}
