using System.Collections.Concurrent;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Holds each unit's rejects until the unit completes, so they are written (and later committed) with the
/// unit's outputs and never twice. Under <see cref="ErrorPolicy.Stop"/> the first reject throws.
/// </summary>
internal sealed class RejectCollector(ErrorPolicy policy)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RejectRecord>> _byUnit = new();

    public void Add(RejectRecord reject)
    {
        if (policy == ErrorPolicy.Stop) throw new RejectedRecordException(reject);
        _byUnit.GetOrAdd(reject.Unit, _ => new ConcurrentQueue<RejectRecord>()).Enqueue(reject);
    }

    public void Add(WorkUnit unit, IReadOnlyList<RejectRecord> rejects)
    {
        if (rejects.Count == 0) return;
        if (policy == ErrorPolicy.Stop) throw new RejectedRecordException(rejects[0]);
        var queue = _byUnit.GetOrAdd(unit.Id, _ => new ConcurrentQueue<RejectRecord>());
        foreach (var r in rejects) queue.Enqueue(r);
    }

    /// <summary>Removes and returns the unit's rejects, ordered by input position so the file is deterministic.</summary>
    public IReadOnlyList<RejectRecord> Take(string unitId) =>
        _byUnit.TryRemove(unitId, out var q)
            ? q.OrderBy(r => r.Position).ThenBy(r => r.Operator, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal).ToArray()
            : [];
}
