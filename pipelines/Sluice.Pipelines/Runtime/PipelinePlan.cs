using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>A pipeline's work units and their assignment to ranks.</summary>
/// <param name="Units">Every unit, in plan order.</param>
/// <param name="ByRank">For each rank, its units.</param>
public sealed record PipelinePlan(IReadOnlyList<WorkUnit> Units, IReadOnlyList<IReadOnlyList<WorkUnit>> ByRank)
{
    /// <summary>Plans every source of <paramref name="pipeline"/> and assigns units to <paramref name="worldSize"/> ranks.</summary>
    public static async Task<PipelinePlan> CreateAsync(Pipeline pipeline, int worldSize, CancellationToken ct)
    {
        var units = new List<WorkUnit>();
        for (var s = 0; s < pipeline.Sources.Count; s++)
        {
            var planned = await ((IPlannable)pipeline.Sources[s]).PlanAsync(s, ct);
            // Ids follow plan order, so the same inputs always give the same ids (and output names).
            foreach (var unit in planned) units.Add(unit with { Id = $"u{units.Count:D6}", Source = s });
        }
        return new PipelinePlan(units, UnitAssigner.Assign(units, worldSize));
    }
}

/// <summary>Lets the planner reach a source node's typed source without knowing its record type.</summary>
internal interface IPlannable
{
    /// <summary>The input URI as the script gave it (object, folder, glob or dataset), or null for a source that reads no URI.</summary>
    string? InputUri { get; }

    Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct);
}
