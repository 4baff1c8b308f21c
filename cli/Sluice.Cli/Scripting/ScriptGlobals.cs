using System.Globalization;

namespace Sluice.Cli.Scripting;

/// <summary>
/// What a pipeline script sees as globals: its parameters (every <c>--name value</c> on the command line that
/// Sluice does not read itself) and the output override.
/// </summary>
public sealed class ScriptGlobals(IReadOnlyDictionary<string, string> args, string? output, string scriptPath)
{
    /// <summary>The script's parameters, by name without dashes.</summary>
    public IReadOnlyDictionary<string, string> Args { get; } = args;

    /// <summary>The script's own path (for data beside it).</summary>
    public string ScriptPath { get; } = scriptPath;

    /// <summary>The folder holding the script.</summary>
    public string ScriptDirectory => Path.GetDirectoryName(Path.GetFullPath(ScriptPath)) ?? ".";

    /// <summary><c>--output</c> when given, else <paramref name="defaultUri"/>: where the script's sinks write.</summary>
    public string Output(string defaultUri) => output ?? defaultUri;

    /// <summary>A text parameter, or <paramref name="defaultValue"/>.</summary>
    public string Param(string name, string defaultValue) => Args.GetValueOrDefault(name) ?? defaultValue;

    /// <summary>A whole-number parameter, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a whole number.</exception>
    public int Param(string name, int defaultValue) =>
        Args.TryGetValue(name, out var v)
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} expects a whole number, got '{v}'")
            : defaultValue;

    /// <summary>A numeric parameter, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public double Param(string name, double defaultValue) =>
        Args.TryGetValue(name, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} expects a number, got '{v}'")
            : defaultValue;
}
