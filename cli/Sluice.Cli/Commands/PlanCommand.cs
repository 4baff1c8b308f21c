using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice plan SCRIPT</c>: prints the graph, the work units and their assignment to ranks; for a workflow, its
/// stages and the plan of each pipeline stage whose inputs exist. Runs nothing.
/// </summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        var script = await ScriptInvocation.LoadAsync(args, ct);
        if (script.Pipeline is { } pipeline)
        {
            await PrintAsync(pipeline, script.Rank, @out, "", ct);
            return 0;
        }
        var workflow = script.Workflow!;
        @out.WriteLine($"workflow {workflow.Name}: {workflow.Stages.Count} stages");
        for (var i = 0; i < workflow.Stages.Count; i++)
            @out.WriteLine($"  {i + 1}. {(workflow.Stages[i].Kind == WorkflowStageKind.Step ? "step    " : "pipeline")} {workflow.Stages[i].Name}");
        for (var i = 0; i < workflow.Stages.Count; i++)
        {
            var stage = workflow.Stages[i];
            if (stage.Kind == WorkflowStageKind.Step || (args.Get("stage") is { } only && only != stage.Name)) continue;
            @out.WriteLine($"stage {stage.Name}:");
            Pipeline built;
            PipelinePlan? plan = null;
            try
            {
                built = await stage.BuildPipelineAsync(ct);
                plan = await PipelinePlan.CreateAsync(built, script.Rank.WorldSize, ct);
            }
            // A later stage usually reads what the stages before it write: until they have run, it cannot be planned.
            catch (Exception e) when (i > 0 && e is not OperationCanceledException)
            {
                @out.WriteLine($"  planned when stage {workflow.Stages[i - 1].Name} has run ({e.GetBaseException().Message})");
                continue;
            }
            await PrintAsync(built, script.Rank, @out, "  ", ct, plan);
        }
        return 0;
    }

    private static async Task PrintAsync(Pipeline pipeline, RankInfo rank, TextWriter @out, string indent, CancellationToken ct, PipelinePlan? plan = null)
    {
        plan ??= await PipelinePlan.CreateAsync(pipeline, rank.WorldSize, ct);
        @out.WriteLine($"{indent}pipeline {pipeline.Name}");
        @out.WriteLine($"{indent}graph:");
        foreach (var node in pipeline.Nodes)
        {
            var inputs = node.Inputs.Count == 0 ? "" : $" <- {string.Join(", ", node.Inputs.Select(i => i.Name))}";
            @out.WriteLine($"{indent}  {node.Describe()}{inputs}");
        }
        @out.WriteLine($"{indent}units: {plan.Units.Count} ({plan.Units.Sum(u => u.SizeBytes):N0} bytes)");
        foreach (var unit in plan.Units) @out.WriteLine($"{indent}  {unit}  {unit.SizeBytes:N0} bytes");
        @out.WriteLine($"{indent}assignment over {rank.WorldSize} rank(s):");
        for (var r = 0; r < plan.ByRank.Count; r++)
        {
            var units = plan.ByRank[r];
            var mark = r == rank.Rank ? " (this rank)" : "";
            @out.WriteLine($"{indent}  rank {r}{mark}: {units.Count} units, {units.Sum(u => u.SizeBytes):N0} bytes: {string.Join(" ", units.Select(u => u.Id))}");
        }
    }
}
