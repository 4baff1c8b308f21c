using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Dedup;

/// <summary>Applying dedup removal lists to a flow.</summary>
public static class DedupVerbs
{
    /// <summary>
    /// Rejects each record whose origin is in <paramref name="removed"/>, with the removal's reason (the rule, the kept
    /// record's id and origin, the similarity); passes every other record unchanged. The flow must read the same input
    /// with the same source options as the stages that made the list, so origins match.
    /// </summary>
    [Verb(OperatorRole.Filter, Rule = "origin listed by an earlier dedup stage")]
    public static Flow<T> DropRemoved<T>(this Flow<T> flow, RemovalSet removed, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(removed);
        var op = name ?? "drop-duplicates";
        return flow.MapWithOrigin((record, origin) => (Record: record, Removal: removed.Of(origin)), op + "-find")
            .MapOrReject(x => x.Removal is { } r ? MapResult<T>.Reject(r.Reason(), x.Record) : x.Record, op);
    }
}
