using System.Collections.Frozen;
using Sluice.Cli.Launch;

namespace Sluice.Cli.Commands;

/// <summary>
/// What one <c>sluice</c> command accepts: its own options (flags, which take no value, and options that take one),
/// its one-dash short options, and whether any other <c>--name value</c> is a script parameter (run, plan, launch)
/// or a usage error (every other command), so a typo such as <c>--jsn</c> is refused rather than ignored.
/// </summary>
/// <param name="Command">The command's name.</param>
/// <param name="Flags">Options that take no value.</param>
/// <param name="Valued">Options that take a value.</param>
/// <param name="Short">Options also written with one dash (<c>-k 10</c>); each is also in <paramref name="Valued"/>.</param>
/// <param name="TakesScriptParameters">Whether any other <c>--name value</c> is a script parameter.</param>
internal sealed record CommandSyntax(string Command, IReadOnlySet<string> Flags, IReadOnlySet<string> Valued, IReadOnlySet<string> Short,
    bool TakesScriptParameters)
{
    /// <summary>The options <c>sluice run</c> and <c>sluice plan</c> read themselves; others are script parameters.</summary>
    private static readonly HashSet<string> RunValued = ["output", "rank", "world-size", "run", "stage", "otlp", "otlp-interval"];

    private static readonly HashSet<string> RunFlags = ["strict", "verify"];

    private static readonly FrozenDictionary<string, CommandSyntax> ByCommand = new CommandSyntax[]
    {
        new("run", RunFlags, RunValued, Empty, TakesScriptParameters: true),
        new("plan", RunFlags, RunValued, Empty, TakesScriptParameters: true),
        // run's flags are flags here too: they are forwarded to each task's sluice run without a value.
        new("launch", Set(["dry-run", .. RunFlags]), LaunchArguments.Own.Where(o => o != "dry-run").ToHashSet(), Empty, TakesScriptParameters: true),
        new("status", Set("json"), Empty, Empty, TakesScriptParameters: false),
        new("inspect", Empty, Empty, Empty, TakesScriptParameters: false),
        new("ops", Set("json", "markdown"), Empty, Empty, TakesScriptParameters: false),
        new("query", Set("json"), Set("limit", "max-copy-mb"), Empty, TakesScriptParameters: false),
        new("search", Set("build-bm25", "stream"), Set("query", "queries", "query-field", "out", "k", "nprobe", "build-ivf", "mode", "fusion", "k1", "b", "analyzer",
            "max-per-doc", "memory"), Set("k"), TakesScriptParameters: false),
        new("serve", Empty, Set("host", "port", "max-queries", "max-k", "max-body-bytes", "max-concurrent"), Empty, TakesScriptParameters: false),
        new("report", Empty, Set("out"), Empty, TakesScriptParameters: false),
        new("help", Empty, Empty, Empty, TakesScriptParameters: false),
    }.ToFrozenDictionary(s => s.Command, StringComparer.Ordinal);

    private static IReadOnlySet<string> Empty => FrozenSet<string>.Empty;

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The syntax of <paramref name="command"/>.</summary>
    /// <exception cref="UsageException">No such command.</exception>
    public static CommandSyntax For(string command) =>
        ByCommand.GetValueOrDefault(command) ?? throw new UsageException($"unknown command '{command}'");

    /// <summary>Whether <paramref name="name"/> is one of the command's own options.</summary>
    public bool Owns(string name) => Flags.Contains(name) || Valued.Contains(name);

    /// <summary>The command's own options, for a message: <c>--json, --limit N</c>.</summary>
    public string Describe() =>
        Flags.Count + Valued.Count == 0 ? $"sluice {Command} takes no options"
        : $"sluice {Command} takes {string.Join(", ", Flags.Order(StringComparer.Ordinal).Select(f => "--" + f).Concat(Valued.Order(StringComparer.Ordinal).Select(v => $"--{v} VALUE")))}";
}
