using Sluice.Cli.Progress;
using Sluice.Pipelines.Runtime;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run SCRIPT</c>: runs this rank's share of the script's pipeline, with live progress and a summary.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken stop)
    {
        var (pipeline, rank, parameters) = await ScriptInvocation.LoadAsync(args, stop);
        using var progress = ProgressReporter.ForConsole();
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions
        {
            Rank = rank,
            Stop = stop,
            RunUri = args.Get("run"),
            Parameters = parameters,
            Verify = args.Has("verify"),
            Log = Console.Error,
            OnStarted = progress.Start,
        });
        progress.Stop();
        Summary.Print(result, @out);
        return result.Status switch
        {
            RunStatus.Completed => 0,
            RunStatus.Cancelled => 130,
            _ => 1,
        };
    }
}
