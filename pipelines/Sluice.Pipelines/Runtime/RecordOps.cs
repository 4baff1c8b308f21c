using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Metrics;

namespace Sluice.Pipelines.Runtime;

/// <summary>Receives records one at a time; per-record operators are chained as pushes so a fused block makes no batch per operator.</summary>
internal interface IPush<in T>
{
    void Push(T item, long position);

    /// <summary>Adds this operator's per-batch counts to its shared metrics (once per batch, not per record).</summary>
    void Flush();
}

/// <summary>Collects the output of a fused chain into the batch sent downstream.</summary>
internal sealed class CollectPush<T>(int capacity) : IPush<T>
{
    public List<T> Items { get; } = new(capacity);
    public List<long> Positions { get; } = new(capacity);

    public void Push(T item, long position)
    {
        Items.Add(item);
        Positions.Add(position);
    }

    public void Flush() { }
}

/// <summary>Base of the per-record pushes: counting, and turning a thrown exception into a named fault.</summary>
internal abstract class OpPush<TIn, TOut>(string name, OperatorMetrics metrics, BatchScope scope, IPush<TOut> next) : IPush<TIn>
{
    protected readonly IPush<TOut> Next = next;
    protected readonly BatchScope Scope = scope;
    protected readonly string Name = name;
    protected long In, Out, Rejected;

    public abstract void Push(TIn item, long position);

    public void Flush()
    {
        metrics.AddIn(In);
        metrics.AddOut(Out);
        metrics.AddRejected(Rejected);
        Next.Flush();
    }

    protected void Reject(object? record, long position, string reason)
    {
        Rejected++;
        Scope.Rejects.Add(new RejectRecord(Name, Scope.Unit.Id, Scope.Unit.Uri, position, reason, RejectPayload.Serialize(record)));
    }
}

internal sealed class MapPush<TIn, TOut>(string name, OperatorMetrics m, BatchScope s, IPush<TOut> next, Func<TIn, TOut> map)
    : OpPush<TIn, TOut>(name, m, s, next)
{
    public override void Push(TIn item, long position)
    {
        In++;
        TOut result;
        try { result = map(item); }
        catch (Exception e) { throw Scope.Fault(Name, position, item, e); }
        Out++;
        Next.Push(result, position);
    }
}

internal sealed class MapWithOriginPush<TIn, TOut>(string name, OperatorMetrics m, BatchScope s, IPush<TOut> next, Func<TIn, Exchange.RecordOrigin, TOut> map)
    : OpPush<TIn, TOut>(name, m, s, next)
{
    public override void Push(TIn item, long position)
    {
        In++;
        TOut result;
        try { result = map(item, new Exchange.RecordOrigin(Scope.Unit.Id, position)); }
        catch (Exception e) { throw Scope.Fault(Name, position, item, e); }
        Out++;
        Next.Push(result, position);
    }
}

internal sealed class FilterPush<T>(string name, OperatorMetrics m, BatchScope s, IPush<T> next, Func<T, string?> rejectReason)
    : OpPush<T, T>(name, m, s, next)
{
    public override void Push(T item, long position)
    {
        In++;
        string? reason;
        try { reason = rejectReason(item); }
        catch (Exception e) { throw Scope.Fault(Name, position, item, e); }
        if (reason is not null)
        {
            Reject(item, position, reason);
            return;
        }
        Out++;
        Next.Push(item, position);
    }
}

internal sealed class MapOrRejectPush<TIn, TOut>(string name, OperatorMetrics m, BatchScope s, IPush<TOut> next, Func<TIn, MapResult<TOut>> map)
    : OpPush<TIn, TOut>(name, m, s, next)
{
    public override void Push(TIn item, long position)
    {
        In++;
        MapResult<TOut> result;
        try { result = map(item); }
        catch (Exception e) { throw Scope.Fault(Name, position, item, e); }
        if (result.Reason is { } reason)
        {
            Reject(result.Rejected ?? item, position, reason);
            return;
        }
        // A default result carries neither: passing its null on would fault the next operator under the wrong name.
        if (result.Value is null)
            throw Scope.Fault(Name, position, item, new InvalidOperationException("the mapping returned neither a value nor a reject reason"));
        Out++;
        Next.Push(result.Value, position);
    }
}

internal sealed class FlatMapPush<TIn, TOut>(string name, OperatorMetrics m, BatchScope s, IPush<TOut> next, Func<TIn, IEnumerable<TOut>> flatMap)
    : OpPush<TIn, TOut>(name, m, s, next)
{
    public override void Push(TIn item, long position)
    {
        In++;
        try
        {
            foreach (var result in flatMap(item))
            {
                Out++;
                Next.Push(result, position);
            }
        }
        catch (Exception e) when (e is not OperatorException) { throw Scope.Fault(Name, position, item, e); }
    }
}
