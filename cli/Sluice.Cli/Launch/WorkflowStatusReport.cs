using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Launch;

/// <summary>
/// What a workflow's run folder says: per stage, whether it is complete, and for a pipeline stage its own
/// <see cref="RunStatusReport"/> (from <c>stages/NAME/</c>). Nothing is written.
/// </summary>
/// <param name="RunUri">The workflow's run folder.</param>
/// <param name="Manifest">Its <c>workflow.json</c>.</param>
/// <param name="Stages">One entry per stage, in order.</param>
internal sealed record WorkflowStatusReport(string RunUri, WorkflowManifest Manifest, IReadOnlyList<StageStatus> Stages)
{
    /// <summary>Reads a workflow run folder; null when the folder holds no <c>workflow.json</c>.</summary>
    /// <exception cref="InvalidDataException">An object is broken; the message names it and the field.</exception>
    public static async Task<WorkflowStatusReport?> ReadAsync(string runUri, DateTimeOffset now, TimeSpan staleAfter, CancellationToken ct)
    {
        using var store = ObjectStores.Open(runUri);
        if (await WorkflowFolder.ReadManifestAsync(store, ct) is not { } manifest) return null;
        var stages = new List<StageStatus>();
        foreach (var stage in manifest.Stages)
        {
            var isStep = stage.Kind == "step";
            // Stage names were checked as workflow.json was read: they are kebab-case, safe in keys.
            var complete = await WorkflowFolder.IsCompleteAsync(store, stage.Name, isStep, ct);
            var stageUri = RunLayout.StageUri(runUri, stage.Name);
            var report = !isStep && await store.StatAsync(RunLayout.StageRunManifestKey(stage.Name), ct) is not null
                ? await RunStatusReport.ReadAsync(stageUri, now, staleAfter, ct) : null;
            stages.Add(new StageStatus(stage.Name, stage.Kind, complete ? "complete" : report is null ? "pending" : "started", report));
        }
        return new WorkflowStatusReport(runUri, manifest, stages);
    }

    /// <summary>Writes the report as text: a line per stage, then each started pipeline stage's report.</summary>
    public void Print(TextWriter @out)
    {
        @out.WriteLine($"run {RunUri}: workflow {Manifest.Workflow}, {Stages.Count(s => s.State == "complete")} of {Stages.Count} stages complete");
        for (var i = 0; i < Stages.Count; i++)
        {
            var s = Stages[i];
            var units = s.Pipeline is { } p ? $"  {p.Ranks.Sum(r => r.Committed)}/{p.Manifest.Units.Count} units committed" : "";
            @out.WriteLine($"  {i + 1}. {s.Kind,-8} {s.Name,-24} {s.State}{units}");
        }
        foreach (var s in Stages.Where(s => s.Pipeline is not null))
        {
            @out.WriteLine();
            @out.WriteLine($"stage {s.Name}:");
            s.Pipeline!.Print(@out);
        }
    }
}
