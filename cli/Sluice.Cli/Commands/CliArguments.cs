namespace Sluice.Cli.Commands;

/// <summary>
/// The one parser of <c>sluice</c> command lines. The first argument names the command; its
/// <see cref="CommandSyntax"/> says which options it reads. The grammar is the same for every command:
/// <c>--name value</c> or <c>--name=value</c> for an option, <c>--name</c> alone for a flag, <c>-x value</c> for a
/// short option the command declares, and anything else positional. An option the command does not read is a
/// script parameter where the command runs a script, and a usage error otherwise. <c>--help</c> or <c>-h</c>
/// anywhere asks for help.
/// </summary>
/// <param name="Command">The command.</param>
/// <param name="Positional">Positional arguments, in order.</param>
/// <param name="Options">The command's own options by name; a flag's value is <c>true</c>.</param>
/// <param name="Parameters">Script parameters by name: every option the command does not read itself.</param>
/// <param name="Given">Every option in the order given, own and script parameters alike (launch forwards them).</param>
internal sealed record CliArguments(string Command, IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<CliOption> Given)
{
    /// <summary>Parses a whole command line, command first.</summary>
    /// <exception cref="UsageException">
    /// No command, an unknown command, an option that needs a value is last, or an option the command does not read
    /// (for a command that takes no script parameters).
    /// </exception>
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given");
        var command = args[0] is "--help" or "-h" || args.Skip(1).Any(a => a is "--help" or "-h") ? "help" : args[0];
        var syntax = CommandSyntax.For(command);
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var given = new List<CliOption>();
        for (var i = 1; i < args.Count && command != "help"; i++)
        {
            var arg = args[i];
            string name;
            if (arg.StartsWith("--", StringComparison.Ordinal)) name = arg[2..];
            else if (arg.Length > 1 && arg[0] == '-' && syntax.Short.Contains(arg[1..])) name = arg[1..];
            else
            {
                positional.Add(arg);
                continue;
            }
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            if (!syntax.Owns(name) && !syntax.TakesScriptParameters) throw new UsageException($"unknown option --{name}: {syntax.Describe()}");
            if (eq < 0 && !syntax.Flags.Contains(name))
            {
                if (i + 1 >= args.Count) throw new UsageException($"option --{name} needs a value");
                value = args[++i];
            }
            given.Add(new CliOption(name, value));
            if (syntax.Owns(name)) options[name] = value ?? "true";
            else parameters[name] = value!;
        }
        return new CliArguments(command, positional, options, parameters, given);
    }

    /// <summary>An own option's value, or null.</summary>
    public string? Get(string name) => Options.GetValueOrDefault(name);

    /// <summary>Whether an own option (or flag) was given.</summary>
    public bool Has(string name) => Options.ContainsKey(name);

    /// <summary>A whole-number option, or null when absent.</summary>
    /// <exception cref="UsageException">The value is not a whole number.</exception>
    public int? GetInt(string name) =>
        Get(name) is { } v ? int.TryParse(v, out var n) ? n : throw new UsageException($"--{name} expects a whole number, got '{v}'") : null;

    /// <summary>A whole-number option of at least <paramref name="min"/>, or null when absent.</summary>
    /// <exception cref="UsageException">The value is not a whole number of at least <paramref name="min"/>.</exception>
    public int? GetInt(string name, int min) =>
        Get(name) is not { } v ? null
        : int.TryParse(v, out var n) && n >= min ? n
        : throw new UsageException($"--{name} expects a whole number of at least {min}, got '{v}'");
}
