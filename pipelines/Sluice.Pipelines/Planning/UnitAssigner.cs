namespace Sluice.Pipelines.Planning;

/// <summary>Spreads work units over ranks, balanced by size and deterministic for the same plan.</summary>
public static class UnitAssigner
{
    /// <summary>
    /// Longest-processing-time greedy: largest units first, each to the rank with the least bytes so far
    /// (ties to the lowest rank). Returns, for each rank, its units in plan order.
    /// </summary>
    public static IReadOnlyList<WorkUnit>[] Assign(IReadOnlyList<WorkUnit> units, int worldSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        var load = new long[worldSize];
        var owner = new Dictionary<string, int>(units.Count);
        foreach (var unit in units.OrderByDescending(u => u.SizeBytes).ThenBy(u => u.Id, StringComparer.Ordinal))
        {
            var rank = 0;
            for (var r = 1; r < worldSize; r++)
                if (load[r] < load[rank]) rank = r;
            load[rank] += Math.Max(1, unit.SizeBytes);
            owner[unit.Id] = rank;
        }
        var result = new List<WorkUnit>[worldSize];
        for (var r = 0; r < worldSize; r++) result[r] = [];
        foreach (var unit in units) result[owner[unit.Id]].Add(unit);
        return result;
    }
}
