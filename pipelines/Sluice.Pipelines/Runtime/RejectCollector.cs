using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Holds each unit's rejects until the unit completes or checkpoints, so they are written (and later committed)
/// with the unit's outputs and never twice. Under <see cref="ErrorPolicy.Stop"/> the first reject throws.
/// </summary>
internal sealed class RejectCollector(ErrorPolicy policy)
{
    private readonly Dictionary<string, List<RejectRecord>> _byUnit = new(StringComparer.Ordinal);

    public void Add(RejectRecord reject)
    {
        if (policy == ErrorPolicy.Stop) throw new RejectedRecordException(reject);
        lock (_byUnit) ListOf(reject.Unit).Add(reject);
    }

    public void Add(WorkUnit unit, IReadOnlyList<RejectRecord> rejects)
    {
        if (rejects.Count == 0) return;
        if (policy == ErrorPolicy.Stop) throw new RejectedRecordException(rejects[0]);
        lock (_byUnit) ListOf(unit.Id).AddRange(rejects);
    }

    /// <summary>Removes and returns the unit's rejects, ordered by input position so the file is deterministic.</summary>
    public IReadOnlyList<RejectRecord> Take(string unitId)
    {
        List<RejectRecord>? taken;
        lock (_byUnit) _byUnit.Remove(unitId, out taken);
        return taken is null ? [] : Ordered(taken);
    }

    /// <summary>
    /// Removes and returns the unit's rejects of records at or before <paramref name="position"/> in its input (a
    /// checkpoint's share); rejects of later records, and those without a position, stay for later.
    /// </summary>
    public IReadOnlyList<RejectRecord> TakeUpTo(string unitId, long position)
    {
        List<RejectRecord> taken;
        lock (_byUnit)
        {
            if (!_byUnit.TryGetValue(unitId, out var all)) return [];
            taken = all.Where(r => r.Position >= 0 && r.Position <= position).ToList();
            all.RemoveAll(r => r.Position >= 0 && r.Position <= position);
        }
        return Ordered(taken);
    }

    private List<RejectRecord> ListOf(string unitId)
    {
        if (!_byUnit.TryGetValue(unitId, out var list)) _byUnit[unitId] = list = [];
        return list;
    }

    private static RejectRecord[] Ordered(List<RejectRecord> rejects) =>
        rejects.OrderBy(r => r.Position).ThenBy(r => r.Operator, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal).ToArray();
}
