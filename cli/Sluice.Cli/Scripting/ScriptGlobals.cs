using System.Globalization;
using Sluice.Pipelines.Commit;

namespace Sluice.Cli.Scripting;

/// <summary>
/// What a pipeline script sees as globals: its parameters (every <c>--name value</c> on the command line that
/// Sluice does not read itself) and the output override. Every <see cref="Param(string, string)"/> and
/// <see cref="Output"/> call is recorded, with the value it returned, in <see cref="Declared"/>.
/// </summary>
public sealed class ScriptGlobals(IReadOnlyDictionary<string, string> args, string? output, string scriptPath)
{
    private readonly Dictionary<string, string> _declared = new(StringComparer.Ordinal);

    /// <summary>The prefix of the environment variables a parameter is read from when the command line does not give it.</summary>
    public const string EnvironmentPrefix = "SLUICE_PARAM_";

    /// <summary>The script's parameters from the command line, by name without dashes.</summary>
    public IReadOnlyDictionary<string, string> Args { get; } = args;

    /// <summary>The script's own path (for data beside it).</summary>
    public string ScriptPath { get; } = scriptPath;

    /// <summary>The folder holding the script.</summary>
    public string ScriptDirectory => Path.GetDirectoryName(Path.GetFullPath(ScriptPath)) ?? ".";

    /// <summary>
    /// The parameters the script has asked for so far, with the value each call returned (invariant culture; the
    /// default when not given). <c>output</c> is there once <see cref="Output"/> was called.
    /// </summary>
    public IReadOnlyDictionary<string, string> Declared
    {
        get { lock (_declared) return new Dictionary<string, string>(_declared, StringComparer.Ordinal); }
    }

    /// <summary>
    /// The environment variable parameter <paramref name="name"/> is read from when the command line does not give
    /// it: <c>SLUICE_PARAM_</c> and the name in upper case, with every character other than a letter or digit as
    /// <c>_</c> (<c>api-key</c>: <c>SLUICE_PARAM_API_KEY</c>).
    /// </summary>
    public static string EnvironmentVariable(string name) =>
        EnvironmentPrefix + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    /// <summary><c>--output</c> when given, else <paramref name="defaultUri"/>: where the script's sinks write.</summary>
    public string Output(string defaultUri) => Record("output", output ?? defaultUri);

    /// <summary>A text parameter: <c>--name</c>, else <c>SLUICE_PARAM_NAME</c> from the environment, else <paramref name="defaultValue"/>.</summary>
    public string Param(string name, string defaultValue) => Record(name, Given(name) ?? defaultValue);

    /// <summary>A whole-number parameter, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a whole number.</exception>
    public int Param(string name, int defaultValue)
    {
        var value = Given(name) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw NotA(name, v, "a whole number")
            : defaultValue;
        Record(name, value.ToString(CultureInfo.InvariantCulture));
        return value;
    }

    /// <summary>A numeric parameter, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public double Param(string name, double defaultValue)
    {
        var value = Given(name) is { } v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw NotA(name, v, "a number")
            : defaultValue;
        Record(name, value.ToString("R", CultureInfo.InvariantCulture));
        return value;
    }

    /// <summary>A yes/no parameter (<c>true</c> or <c>false</c>, any case), or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is neither <c>true</c> nor <c>false</c>.</exception>
    public bool Param(string name, bool defaultValue)
    {
        var value = Given(name) is { } v ? bool.TryParse(v, out var b) ? b : throw NotA(name, v, "true or false") : defaultValue;
        Record(name, value ? "true" : "false");
        return value;
    }

    private string? Given(string name) => Args.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(EnvironmentVariable(name));

    private string Record(string name, string value)
    {
        lock (_declared) _declared[name] = value;
        return value;
    }

    // The message shows a secret's value as "(secret)": it ends up in logs.
    private static ArgumentException NotA(string name, string value, string what) =>
        new($"--{name} expects {what}, got '{RunParameters.Display(name, value)}'");
}
