using Sluice.Pipelines.Runtime;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice plan SCRIPT</c>: prints the graph, the work units and their assignment to ranks; runs nothing.</summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        var (pipeline, rank, _) = await ScriptInvocation.LoadAsync(args, ct);
        var plan = await PipelinePlan.CreateAsync(pipeline, rank.WorldSize, ct);
        @out.WriteLine($"pipeline {pipeline.Name}");
        @out.WriteLine("graph:");
        foreach (var node in pipeline.Nodes)
        {
            var inputs = node.Inputs.Count == 0 ? "" : $" <- {string.Join(", ", node.Inputs.Select(i => i.Name))}";
            @out.WriteLine($"  {node.Describe()}{inputs}");
        }
        @out.WriteLine($"units: {plan.Units.Count} ({plan.Units.Sum(u => u.SizeBytes):N0} bytes)");
        foreach (var unit in plan.Units) @out.WriteLine($"  {unit}  {unit.SizeBytes:N0} bytes");
        @out.WriteLine($"assignment over {rank.WorldSize} rank(s):");
        for (var r = 0; r < plan.ByRank.Count; r++)
        {
            var units = plan.ByRank[r];
            var mark = r == rank.Rank ? " (this rank)" : "";
            @out.WriteLine($"  rank {r}{mark}: {units.Count} units, {units.Sum(u => u.SizeBytes):N0} bytes: {string.Join(" ", units.Select(u => u.Id))}");
        }
        return 0;
    }
}
