using Sluice.Cli.Scripting;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Cli.Commands;

/// <summary>The parts of <c>run</c> and <c>plan</c> that load a script and read Sluice's own options.</summary>
internal static class ScriptInvocation
{
    /// <summary>Options Sluice reads itself; every other option is a script parameter.</summary>
    private static readonly HashSet<string> Reserved = ["output", "rank", "world-size", "strict", "run", "verify"];

    public static async Task<(Pipeline Pipeline, RankInfo Rank, IReadOnlyDictionary<string, string> Parameters)> LoadAsync(CliArguments args, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException($"usage: sluice {args.Command} SCRIPT.csx [--output URI] [--rank R --world-size N] [--strict] [--name value ...]");
        var parameters = args.Options.Where(o => !Reserved.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value);
        var globals = new ScriptGlobals(parameters, args.Get("output"), args.Positional[0]);
        var pipeline = await ScriptHost.LoadAsync(args.Positional[0], globals, ct);
        if (args.Has("strict")) pipeline = pipeline.With(pipeline.Options with { ErrorPolicy = ErrorPolicy.Stop });
        // The output override is part of what a run is: a resume into another output is a different run.
        if (args.Get("output") is { } output) parameters["output"] = output;
        return (pipeline, RankInfo.Resolve(args.GetInt("rank"), args.GetInt("world-size")), parameters);
    }
}
