using Sluice.Cli.Progress;
using Sluice.Cli.Telemetry;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice run SCRIPT</c>: runs this rank's share of the script's pipeline, or of each stage of its workflow
/// (<c>--stage NAME</c>: that stage only), with live progress and a summary; with <c>--otlp URL</c> or
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, its metrics also go to an OTLP receiver (<see cref="OtlpExport"/>).
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken stop)
    {
        var script = await ScriptInvocation.LoadAsync(args, stop);
        var otlp = OtlpTarget.Resolve(args, Environment.GetEnvironmentVariable);
        using var export = OtlpExport.Start(otlp, script.Rank, script.Workflow?.Name ?? script.Pipeline!.Name);
        if (script.Workflow is { } workflow)
        {
            var code = await RunWorkflowAsync(workflow, script, args, @out, stop);
            export?.Flush(Console.Error);
            return code;
        }
        using var progress = ProgressReporter.ForConsole();
        var result = await PipelineRunner.RunAsync(script.Pipeline!, new RunOptions
        {
            Rank = script.Rank,
            Stop = stop,
            RunUri = args.Get("run"),
            Parameters = script.Parameters,
            Verify = args.Has("verify"),
            Log = Console.Error,
            OnStarted = progress.Start,
        });
        progress.Stop();
        export?.Flush(Console.Error);
        Summary.Print(result, @out);
        return ExitCode(result.Status);
    }

    private static async Task<int> RunWorkflowAsync(Workflow workflow, LoadedScript script, CliArguments args, TextWriter @out, CancellationToken stop)
    {
        // One progress display per pipeline stage: a display ends with its stage.
        ProgressReporter? progress = null;
        var results = await WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            Rank = script.Rank,
            Stop = stop,
            RunUri = args.Get("run"),
            Stage = args.Get("stage"),
            Parameters = script.Parameters,
            Verify = args.Has("verify"),
            Log = Console.Error,
            OnStarted = monitor =>
            {
                progress = ProgressReporter.ForConsole();
                progress.Start(monitor);
            },
            OnStageEnded = result =>
            {
                progress?.Dispose();
                progress = null;
                Summary.Print(result, @out);
            },
        });
        var status = results.Count == 0 ? RunStatus.Completed : results[^1].Status;
        var planned = args.Get("stage") is null ? workflow.Stages.Count : 1;
        @out.WriteLine($"workflow {workflow.Name}: {status.ToString().ToLowerInvariant()}, {results.Count(r => r.Status == RunStatus.Completed)} of {planned} stage(s) done on rank {script.Rank.Rank}");
        return ExitCode(status);
    }

    private static int ExitCode(RunStatus status) => status switch
    {
        RunStatus.Completed => 0,
        RunStatus.Cancelled => 130,
        _ => 1,
    };
}
