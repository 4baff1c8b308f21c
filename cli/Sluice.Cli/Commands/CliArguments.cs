namespace Sluice.Cli.Commands;

/// <summary>
/// Parsed command line: the command, its positional arguments, the options Sluice itself reads, and every
/// other <c>--name value</c> pair, handed to the script as parameters.
/// </summary>
internal sealed record CliArguments(string Command, IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["strict", "verify", "help", "json", "dry-run", "markdown"];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given");
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }
            var name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0) options[name[..eq]] = name[(eq + 1)..];
            else if (Flags.Contains(name)) options[name] = "true";
            else if (i + 1 < args.Count) options[name] = args[++i];
            else throw new UsageException($"option --{name} needs a value");
        }
        return new CliArguments(args[0], positional, options);
    }

    public string? Get(string name) => Options.GetValueOrDefault(name);

    public bool Has(string name) => Options.ContainsKey(name);

    public int? GetInt(string name) =>
        Get(name) is { } v ? int.TryParse(v, out var n) ? n : throw new UsageException($"--{name} expects a whole number, got '{v}'") : null;
}

/// <summary>A command line that cannot be run; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
