using System.Globalization;
using Sluice.Cli.Scripting;

namespace Sluice.Cli.Launch;

/// <summary>
/// One job array of a launch: task <c>i</c> of <see cref="WorldSize"/> runs
/// <c>sluice run SCRIPT --run RUN [--stage NAME] --world-size N</c> as rank <c>i</c>. Stages run in list order, each
/// after the previous one has succeeded on every rank.
/// </summary>
/// <param name="Name">Kebab-case stage name, used in job names and file names (<c>word-count</c>).</param>
/// <param name="Script">The pipeline script, as the task will see it (absolute for Slurm, a path in the image for containers).</param>
/// <param name="RunUri">The run folder the stage commits to.</param>
/// <param name="WorldSize">Ranks, one batch task each.</param>
/// <param name="ExtraArguments">Arguments after Sluice's own (<c>--output URI</c>, script parameters), in order.</param>
/// <param name="StageFilter">The workflow stage the tasks run (<c>--stage</c>); null for a script that declares one pipeline.</param>
/// <param name="Secrets">
/// Script parameters the tasks read from their environment (<see cref="ScriptGlobals.EnvironmentVariable"/>), never
/// from the job files; null for none.
/// </param>
internal sealed record LaunchStage(string Name, string Script, string RunUri, int WorldSize, IReadOnlyList<string> ExtraArguments,
    string? StageFilter = null, IReadOnlyList<string>? Secrets = null)
{
    /// <summary>Each secret parameter with the environment variable a task reads it from.</summary>
    public IReadOnlyList<(string Parameter, string Variable)> SecretVariables =>
        (Secrets ?? []).Select(p => (p, ScriptGlobals.EnvironmentVariable(p))).ToArray();

    /// <summary>
    /// The arguments after the <c>sluice</c> executable. <paramref name="rank"/> is inserted as <c>--rank</c> when
    /// given (Slurm passes <c>$SLURM_ARRAY_TASK_ID</c>); when null the run reads its rank from the batch system's
    /// environment (AWS Batch, Kubernetes).
    /// </summary>
    public IReadOnlyList<string> RunArguments(string? rank)
    {
        var args = new List<string> { "run", Script, "--run", RunUri };
        if (StageFilter is not null) args.AddRange(["--stage", StageFilter]);
        args.AddRange(["--world-size", WorldSize.ToString(CultureInfo.InvariantCulture)]);
        if (rank is not null) args.AddRange(["--rank", rank]);
        args.AddRange(ExtraArguments);
        return args;
    }
}
