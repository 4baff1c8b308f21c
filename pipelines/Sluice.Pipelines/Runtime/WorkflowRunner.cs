using System.Diagnostics;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Runs a <see cref="Workflow"/> for one rank: its stages in order, or only <see cref="WorkflowRunOptions.Stage"/>.
/// A pipeline stage runs this rank's share with <see cref="PipelineRunner"/> in <c>RUN/stages/NAME</c>; a step runs
/// on rank 0 only. With a run folder each finished stage leaves a <see cref="StageMarker"/> and is skipped on a rerun;
/// when several ranks run every stage, a rank starts a stage only once the stage before is marked complete.
/// </summary>
public static class WorkflowRunner
{
    /// <summary>
    /// Runs this rank's part of <paramref name="workflow"/> and returns one result per stage reached; the first stage
    /// that fails or is cancelled is the last one.
    /// </summary>
    /// <exception cref="ArgumentException">The stage filter names no stage, or several ranks would run several stages without a run folder.</exception>
    /// <exception cref="Commit.RunMismatchException">The run folder holds another workflow, other parameters, or (for a stage) another run.</exception>
    public static async Task<IReadOnlyList<WorkflowStageResult>> RunAsync(Workflow workflow, WorkflowRunOptions? options = null)
    {
        options ??= new WorkflowRunOptions();
        IReadOnlyList<WorkflowStage> stages = options.Stage is { } only ? [workflow[only]] : workflow.Stages;
        // With a stage filter the batch system orders the stages (afterok); otherwise the ranks order themselves.
        var waits = options.Stage is null && options.Rank.WorldSize > 1 && stages.Count > 1;
        if (waits && options.RunUri is null)
            throw new ArgumentException($"workflow {workflow.Name}: {options.Rank.WorldSize} ranks need a run folder (--run URI) to wait for each other between stages");
        using var run = options.RunUri is null ? null : ObjectStores.Open(options.RunUri);
        if (run is not null) await WorkflowFolder.OpenAsync(run, workflow, options.Parameters, options.Stop);

        var results = new List<WorkflowStageResult>();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var clock = Stopwatch.StartNew();
            WorkflowStageResult result;
            if (options.Stop.IsCancellationRequested) result = Ended(stage, RunStatus.Cancelled, clock);
            else if (waits && i > 0 && await WaitAsync(run!, stages[i - 1], options) is { } error)
                result = error is OperationCanceledException ? Ended(stage, RunStatus.Cancelled, clock) : Ended(stage, RunStatus.Failed, clock, error);
            else
                result = stage.Kind == WorkflowStageKind.Pipeline ? await RunPipelineAsync(stage, run, options, clock) : await RunStepAsync(stage, run, options, clock);
            results.Add(result);
            options.OnStageEnded?.Invoke(result);
            if (result.Status != RunStatus.Completed) break;
        }
        return results;
    }

    /// <summary>Null once <paramref name="previous"/> is complete; else why this rank cannot go on.</summary>
    private static async Task<Exception?> WaitAsync(IObjectStore run, WorkflowStage previous, WorkflowRunOptions options)
    {
        if (await WorkflowFolder.IsCompleteAsync(run, previous, options.Stop)) return null;
        options.Log?.WriteLine($"waiting for stage {previous.Name} to complete on the other ranks");
        try
        {
            return await WorkflowFolder.WaitCompleteAsync(run, previous, options.PollInterval, options.WaitTimeout, options.Stop)
                ? null : new OperationCanceledException(options.Stop);
        }
        catch (TimeoutException e)
        {
            return e;
        }
    }

    private static async Task<WorkflowStageResult> RunPipelineAsync(WorkflowStage stage, IObjectStore? run, WorkflowRunOptions options, Stopwatch clock)
    {
        if (run is not null && !options.Verify && await WorkflowFolder.IsCompleteAsync(run, stage, options.Stop))
            return Ended(stage, RunStatus.Completed, clock, skipped: "already complete");
        Pipeline pipeline;
        try
        {
            pipeline = await stage.BuildPipelineAsync(options.Stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Ended(stage, RunStatus.Failed, clock, new InvalidOperationException($"stage {stage.Name}: building its pipeline failed: {e.Message}", e));
        }
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions
        {
            Rank = options.Rank,
            Stop = options.Stop,
            RunUri = options.RunUri is null ? null : RunLayout.StageUri(options.RunUri, stage.Name),
            Parameters = options.Parameters,
            Verify = options.Verify,
            Log = options.Log,
            OnStarted = options.OnStarted,
        });
        // Only the process that wrote every sink's manifest marks the stage: the marker promises readable datasets.
        if (run is not null && result.Status == RunStatus.Completed && result.ManifestsWritten)
            await WorkflowFolder.MarkCompleteAsync(run, stage, options.Rank.Rank, CancellationToken.None);
        return new WorkflowStageResult(stage.Name, stage.Kind, result.Status, null, result, result.Error, clock.Elapsed);
    }

    private static async Task<WorkflowStageResult> RunStepAsync(WorkflowStage stage, IObjectStore? run, WorkflowRunOptions options, Stopwatch clock)
    {
        if (options.Rank.Rank != 0) return Ended(stage, RunStatus.Completed, clock, skipped: "steps run on rank 0");
        if (run is not null && await WorkflowFolder.IsCompleteAsync(run, stage, options.Stop))
            return Ended(stage, RunStatus.Completed, clock, skipped: "already done");
        try
        {
            await stage.RunStepAsync(options.Stop);
        }
        catch (OperationCanceledException) when (options.Stop.IsCancellationRequested)
        {
            return Ended(stage, RunStatus.Cancelled, clock);
        }
        catch (Exception e)
        {
            return Ended(stage, RunStatus.Failed, clock, new InvalidOperationException($"step {stage.Name} failed: {e.Message}", e));
        }
        if (run is not null) await WorkflowFolder.MarkCompleteAsync(run, stage, options.Rank.Rank, CancellationToken.None);
        return Ended(stage, RunStatus.Completed, clock);
    }

    private static WorkflowStageResult Ended(WorkflowStage stage, RunStatus status, Stopwatch clock, Exception? error = null, string? skipped = null) =>
        new(stage.Name, stage.Kind, status, skipped, null, error, clock.Elapsed);
}
