using System.Diagnostics;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// The run folder of a workflow: <c>workflow.json</c>, and per stage <c>stages/NAME/</c> (a pipeline stage's own run
/// folder, or a step's) with its end marker (<see cref="StageMarker"/>).
/// </summary>
public static class WorkflowFolder
{
    /// <summary>The key, under a workflow run, of the marker that says <paramref name="stage"/> is complete.</summary>
    public static string MarkerKey(WorkflowStage stage) => RunLayout.StageMarkerKey(stage.Name, stage.Kind == WorkflowStageKind.Step);

    /// <summary>Creates <c>workflow.json</c> on the first start; on any later start proves it is the same workflow with the same parameters.</summary>
    /// <exception cref="RunMismatchException">The folder holds another workflow, or other parameters.</exception>
    /// <exception cref="IOException">The run folder cannot be written; the message names it.</exception>
    public static async Task OpenAsync(IObjectStore run, Workflow workflow, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var mine = new WorkflowManifest(workflow.Name,
            workflow.Stages.Select(s => new WorkflowManifestStage(s.Name, s.Kind.ToString().ToLowerInvariant())).ToArray(),
            RunParameters.Protect(parameters), DateTimeOffset.UtcNow);
        bool created;
        try
        {
            created = await run.PutAsync(RunLayout.WorkflowManifestKey, JsonSerializer.SerializeToUtf8Bytes(mine, SluiceJson.Options), ifNoneMatch: true, ct: ct);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException && e is not ObjectNotFoundException)
        {
            throw new IOException($"cannot write the run folder {run.RootUri}: {e.Message}; pass a writable --run URI", e);
        }
        if (created) return;
        var theirs = await ReadManifestAsync(run, ct) ?? throw new InvalidDataException($"{ObjectStores.Join(run.RootUri, RunLayout.WorkflowManifestKey)} vanished");
        var changes = new List<string>();
        if (theirs.Workflow != mine.Workflow) changes.Add($"it belongs to workflow '{theirs.Workflow}', not '{mine.Workflow}'");
        changes.AddRange(RunParameters.Differences(theirs.Parameters, parameters));
        if (changes.Count > 0) throw new RunMismatchException(run.RootUri, changes);
    }

    /// <summary>The run's <c>workflow.json</c>, or null when the folder holds none (a single-pipeline run, or nothing).</summary>
    /// <exception cref="InvalidDataException">It does not parse, or a field is missing or invalid; the message names it and the field.</exception>
    public static async Task<WorkflowManifest?> ReadManifestAsync(IObjectStore run, CancellationToken ct) =>
        await run.StatAsync(RunLayout.WorkflowManifestKey, ct) is null ? null : await RunObjects.ReadAsync<WorkflowManifest>(run, RunLayout.WorkflowManifestKey, ct);

    /// <summary>Whether <paramref name="stage"/>'s end marker exists (and is the valid marker of that stage).</summary>
    /// <exception cref="InvalidDataException">The marker is broken or names another stage; the message names it and the field.</exception>
    public static Task<bool> IsCompleteAsync(IObjectStore run, WorkflowStage stage, CancellationToken ct) =>
        IsCompleteAsync(run, stage.Name, stage.Kind == WorkflowStageKind.Step, ct);

    /// <summary>Whether the end marker of the stage named <paramref name="stage"/> (a step when <paramref name="isStep"/>) exists.</summary>
    /// <exception cref="ArgumentException">The name is not a kebab-case stage name (it becomes part of a key).</exception>
    /// <exception cref="InvalidDataException">The marker is broken or names another stage; the message names it and the field.</exception>
    public static async Task<bool> IsCompleteAsync(IObjectStore run, string stage, bool isStep, CancellationToken ct)
    {
        if (!RunIds.IsName(stage)) throw new ArgumentException($"'{stage}' is not a stage name", nameof(stage));
        var key = RunLayout.StageMarkerKey(stage, isStep);
        if (await run.StatAsync(key, ct) is null) return false;
        var marker = await RunObjects.ReadAsync<StageMarker>(run, key, ct);
        if (marker.Stage != stage)
            throw RunObjects.Invalid<StageMarker>(ObjectStores.Join(run.RootUri, key), $"field 'stage' is '{marker.Stage}', but it lies in stage {stage}'s folder");
        return true;
    }

    /// <summary>Writes <paramref name="stage"/>'s end marker unless one exists (the first writer wins; both are true).</summary>
    public static async Task MarkCompleteAsync(IObjectStore run, WorkflowStage stage, int rank, CancellationToken ct)
    {
        var marker = new StageMarker(stage.Name, rank, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow);
        await run.PutAsync(MarkerKey(stage), JsonSerializer.SerializeToUtf8Bytes(marker, SluiceJson.Options), ifNoneMatch: true, ct);
    }

    /// <summary>
    /// Polls every <paramref name="interval"/> until <paramref name="stage"/>'s end marker exists. Returns false when
    /// <paramref name="stop"/> is cancelled first.
    /// </summary>
    /// <exception cref="TimeoutException">The marker did not appear within <paramref name="timeout"/>.</exception>
    public static async Task<bool> WaitCompleteAsync(IObjectStore run, WorkflowStage stage, TimeSpan interval, TimeSpan timeout,
        CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        while (!await IsCompleteAsync(run, stage, CancellationToken.None))
        {
            if (clock.Elapsed >= timeout)
                throw new TimeoutException($"stage {stage.Name} was not complete after {timeout.TotalSeconds:F0} s of waiting ({ObjectStores.Join(run.RootUri, MarkerKey(stage))} is missing)");
            try { await Task.Delay(interval, stop); }
            catch (OperationCanceledException) { return false; }
        }
        return true;
    }
}
