using Sluice.Cli.Commands;
using Sluice.Pipelines.Commit;

namespace Sluice.Cli.Launch;

/// <summary>
/// The command line of <c>sluice launch BACKEND SCRIPT …</c>: the options the launcher reads, and every other
/// option, in order, to hand to <c>sluice run</c> (<c>--output</c>, <c>--strict</c>, script parameters). Secret
/// parameters (<see cref="RunParameters.IsSensitive"/>) are kept apart: job files never hold them.
/// </summary>
/// <param name="Backend">slurm, aws-batch or k8s.</param>
/// <param name="Script">The script as given.</param>
/// <param name="Options">Launcher options by name.</param>
/// <param name="Forwarded">Arguments for <c>sluice run</c>, as given, without the secrets.</param>
/// <param name="Secrets">Script parameters whose values must not be written: by name.</param>
internal sealed record LaunchArguments(string Backend, string Script, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Forwarded,
    IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>Options of the launcher itself; <c>--dry-run</c> takes no value.</summary>
    public static readonly HashSet<string> Own =
    [
        "world-size", "run", "stage", "dry-run", "sbatch", "max-parallel", "max-requeues", "signal-seconds", "sluice", "launch-dir",
        "image", "job-queue", "vcpus", "memory", "attempts", "parallelism", "namespace", "secrets",
    ];

    /// <summary>Parses the arguments after <c>launch</c> (<see cref="CliArguments"/> with the syntax of <c>launch</c>).</summary>
    /// <exception cref="UsageException">A backend or script is missing, an option lacks its value, or <c>--rank</c> is given.</exception>
    public static LaunchArguments Parse(IReadOnlyList<string> args) => From(CliArguments.Parse(["launch", .. args]));

    /// <summary>
    /// Splits a parsed <c>launch</c> command line: the launcher's own options, secrets, and the rest in the order
    /// given for each task's <c>sluice run</c>.
    /// </summary>
    /// <exception cref="UsageException">A backend or script is missing, or <c>--rank</c> is given.</exception>
    public static LaunchArguments From(CliArguments args)
    {
        var forwarded = new List<string>();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in args.Given)
        {
            if (name == "rank") throw new UsageException("--rank is set per task by the launcher; leave it out");
            if (Own.Contains(name)) continue;
            if (value is not null && RunParameters.IsSensitive(name, value)) secrets[name] = value;
            else
            {
                forwarded.Add("--" + name);
                if (value is not null) forwarded.Add(value);
            }
        }
        if (args.Positional.Count != 2) throw new UsageException(LaunchUsage);
        var own = args.Options.Where(o => Own.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return new LaunchArguments(args.Positional[0], args.Positional[1], own, forwarded, secrets);
    }

    /// <summary>The usage line of <c>sluice launch</c>.</summary>
    public const string LaunchUsage =
        "usage: sluice launch slurm|aws-batch|k8s SCRIPT.csx --world-size N --run RUN_URI [--stage NAME] [--output URI] [--dry-run] [--secrets NAME] [--name value ...]";

    /// <summary>An option's value, or null.</summary>
    public string? Get(string name) => Options.GetValueOrDefault(name);

    /// <summary>A whole-number option of at least <paramref name="min"/>, or null when absent.</summary>
    /// <exception cref="UsageException">The value is not a whole number of at least <paramref name="min"/>.</exception>
    public int? GetInt(string name, int min) =>
        Get(name) is not { } v ? null
        : int.TryParse(v, out var n) && n >= min ? n
        : throw new UsageException($"--{name} expects a whole number of at least {min}, got '{v}'");
}
