using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// A typed flow of records in a pipeline being declared. Each verb adds an operator and returns the flow of
/// its output, so chaining operators of incompatible types does not compile. A flow used twice fans out:
/// each use receives every record.
/// </summary>
public sealed class Flow<T>
{
    internal Flow(PipelineBuilder builder, Node node)
    {
        Builder = builder;
        Node = node;
    }

    /// <summary>The pipeline being declared.</summary>
    public PipelineBuilder Builder { get; }

    internal Node Node { get; }

    /// <summary>Transforms each record.</summary>
    /// <param name="map">The transformation; an exception faults the run, naming the operator and record.</param>
    /// <param name="name">Operator name; default <c>map-N</c>.</param>
    /// <param name="parallelism">Batches processed at once; 0 means the pipeline default.</param>
    [Verb(OperatorRole.Transform)]
    public Flow<TOut> Map<TOut>(Func<T, TOut> map, string? name = null, int parallelism = 0) =>
        Next<TOut>(new MapNode<T, TOut>(Builder.NameFor(name, "map"), Node, map, parallelism));

    /// <summary>
    /// Transforms each record knowing its <see cref="Exchange.RecordOrigin"/> (its unit and position in the input): for
    /// stages that must point back at input records across a workflow (dedup's removal lists, joins by position).
    /// </summary>
    [Verb(OperatorRole.Transform)]
    public Flow<TOut> MapWithOrigin<TOut>(Func<T, Exchange.RecordOrigin, TOut> map, string? name = null, int parallelism = 0) =>
        Next<TOut>(new MapWithOriginNode<T, TOut>(Builder.NameFor(name, "map"), Node, map, parallelism));

    /// <summary>Keeps records for which <paramref name="keep"/> is true; the others are rejected with <paramref name="reason"/>.</summary>
    [Verb(OperatorRole.Filter)]
    public Flow<T> Where(Func<T, bool> keep, string reason, string? name = null, int parallelism = 0) =>
        Filter(r => keep(r) ? null : reason, name, parallelism);

    /// <summary>Rejects a record when <paramref name="rejectReason"/> returns a reason; keeps it when it returns null.</summary>
    [Verb(OperatorRole.Filter)]
    public Flow<T> Filter(Func<T, string?> rejectReason, string? name = null, int parallelism = 0) =>
        Next<T>(new FilterNode<T>(Builder.NameFor(name, "filter"), Node, rejectReason, parallelism));

    /// <summary>
    /// Transforms each record, or rejects it: <paramref name="map"/> returns a value (<c>return value;</c>) or
    /// <c>MapResult&lt;TOut&gt;.Reject(reason)</c>. A reject keeps the input record and the reason, like a
    /// <see cref="Filter"/>'s; no wrapper type reaches the next operator.
    /// </summary>
    /// <param name="map">The transformation; an exception faults the run, naming the operator and record.</param>
    /// <param name="name">Operator name; default <c>map-N</c>.</param>
    /// <param name="parallelism">Batches processed at once; 0 means the pipeline default.</param>
    [Verb(OperatorRole.Transform)]
    public Flow<TOut> MapOrReject<TOut>(Func<T, MapResult<TOut>> map, string? name = null, int parallelism = 0) =>
        Next<TOut>(new MapOrRejectNode<T, TOut>(Builder.NameFor(name, "map"), Node, map, parallelism));

    /// <summary>Turns each record into zero or more records.</summary>
    [Verb(OperatorRole.Transform)]
    public Flow<TOut> FlatMap<TOut>(Func<T, IEnumerable<TOut>> flatMap, string? name = null, int parallelism = 0) =>
        Next<TOut>(new FlatMapNode<T, TOut>(Builder.NameFor(name, "flat-map"), Node, flatMap, parallelism));

    /// <summary>
    /// Calls an async function on whole batches (model inference, remote calls); it must return one output per
    /// input, in order. Up to <paramref name="parallelism"/> batches are in flight; output order is kept.
    /// </summary>
    [Verb(OperatorRole.Inference)]
    public Flow<TOut> MapBatch<TOut>(Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<TOut>>> call,
        string? name = null, int parallelism = 0) =>
        MapBatchOrReject<TOut>(async (batch, ct) => [.. (await call(batch, ct)).Select(MapResult<TOut>.Ok)], name, parallelism);

    /// <summary>
    /// <see cref="MapBatch{TOut}"/> where each record may be rejected: <paramref name="call"/> returns one
    /// <see cref="MapResult{T}"/> per input, in order — a value passed on, or a reason that rejects the input record
    /// (kept with the reason, as a <see cref="Filter"/>'s rejects are). For model calls whose answers can be unusable.
    /// </summary>
    /// <param name="call">The batch call; an exception faults the run, naming the operator and the batch's first record.</param>
    /// <param name="name">Operator name; default <c>batch-N</c>.</param>
    /// <param name="parallelism">Batches in flight at once; 0 means the pipeline default.</param>
    [Verb(OperatorRole.Inference)]
    public Flow<TOut> MapBatchOrReject<TOut>(Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<MapResult<TOut>>>> call,
        string? name = null, int parallelism = 0) =>
        Next<TOut>(new BatchNode<T, TOut>(Builder.NameFor(name, "batch"), Node, call, parallelism));

    /// <summary>
    /// A stateful operator: <paramref name="open"/> makes one accumulator per work unit, which sees every record
    /// of the unit and then emits. Its unit restarts from the beginning after an interruption.
    /// </summary>
    [Verb(OperatorRole.Stateful)]
    public Flow<TOut> Aggregate<TOut>(Func<WorkUnit, IUnitAccumulator<T, TOut>> open, string? name = null) =>
        Next<TOut>(new StatefulNode<T, TOut>(Builder.NameFor(name, "stateful"), Node, open));

    /// <summary>Fan-in: one flow of the records of this and the other flows; it ends when all of them end.</summary>
    [Verb(OperatorRole.Merge)]
    public Flow<T> Merge(IEnumerable<Flow<T>> others, string? name = null)
    {
        var inputs = new List<Node> { Node };
        foreach (var other in others)
        {
            if (other.Builder != Builder) throw new ArgumentException("flows of different pipelines cannot be merged");
            inputs.Add(other.Node);
        }
        return Next<T>(new MergeNode<T>(Builder.NameFor(name, "merge"), inputs));
    }

    /// <summary>Ends this flow in a sink; returns the builder to add more flows or build.</summary>
    [Verb(OperatorRole.Sink)]
    public PipelineBuilder Write(IRecordSink<T> sink, string? name = null)
    {
        Builder.Add(new SinkNode<T>(Builder.NameFor(name, "write"), Node, sink));
        return Builder;
    }

    private Flow<TOut> Next<TOut>(Node node) => new(Builder, Builder.Add(node));
}
