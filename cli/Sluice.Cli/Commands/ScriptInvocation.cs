using Sluice.Cli.Scripting;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Cli.Commands;

/// <summary>The parts of <c>run</c>, <c>plan</c> and <c>launch</c> that load a script and read Sluice's own options.</summary>
internal static class ScriptInvocation
{
    /// <summary>
    /// Compiles and runs the script to get its pipeline or workflow, then, before any I/O, checks that every script
    /// parameter given is one it declares.
    /// </summary>
    /// <exception cref="UsageException">No single script is given, a parameter is not one the script declares, or
    /// <c>--stage</c> names no stage of the script's workflow.</exception>
    public static async Task<LoadedScript> LoadAsync(CliArguments args, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException($"usage: sluice {args.Command} SCRIPT.csx [--output URI] [--rank R --world-size N] [--strict] [--stage NAME] [--name value ...]");
        var script = args.Positional[0];
        var given = args.Parameters;
        var globals = new ScriptGlobals(given, args.Get("output"), script);
        var declared = await ScriptHost.LoadAsync(script, globals, ct);
        // Param calls that ran declared their names; those inside stage factories and steps run later, so the
        // source is read for them too.
        var ran = globals.Declared;
        var scanned = ScriptParameterScan.Find(await File.ReadAllTextAsync(script, ct));
        ScriptParameters.ThrowIfUnknown(script, given.Keys, ran.Keys.Union(scanned.Keys).ToHashSet(StringComparer.Ordinal));
        if (args.Has("strict"))
            declared = declared is Workflow w ? w.MapPipelines(Strict) : Strict((Pipeline)declared);
        if (args.Get("stage") is { } stage)
        {
            if (declared is not Workflow workflow)
                throw new UsageException($"--stage {stage}: {script} declares one pipeline, not a workflow of stages");
            if (workflow.Stages.All(s => s.Name != stage))
                throw new UsageException($"--stage {stage}: workflow {workflow.Name} has no such stage; its stages are {string.Join(", ", workflow.Stages.Select(s => s.Name))}");
        }
        var parameters = ScriptParameters.Identity(ran, scanned, given, args.Get("output"));
        return new LoadedScript(declared as Pipeline, declared as Workflow, RankInfo.Resolve(args.GetInt("rank"), args.GetInt("world-size")), parameters);
    }

    private static Pipeline Strict(Pipeline pipeline) => pipeline.With(pipeline.Options with { ErrorPolicy = ErrorPolicy.Stop });
}
