using System.Globalization;
using Sluice.Cli.Scripting;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Commands;

/// <summary>
/// A loaded script's parameters: the check that every one given on the command line is one the script declares, and
/// the values that make up the run's identity (<c>run.json</c>, <c>workflow.json</c>).
/// </summary>
internal static class ScriptParameters
{
    /// <summary>
    /// Refuses parameters the script does not declare, naming each, the closest declared name and all of them: a typo
    /// (<c>--inptu</c>) would otherwise run on the default.
    /// </summary>
    /// <exception cref="UsageException">A given parameter is neither declared by the script nor found in its source.</exception>
    public static void ThrowIfUnknown(string script, IEnumerable<string> given, IReadOnlyCollection<string> known)
    {
        var unknown = given.Where(g => !known.Contains(g)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length == 0) return;
        var names = known.Where(k => k != "output").Order(StringComparer.Ordinal).Select(k => "--" + k).ToArray();
        var list = names.Length == 0 ? $"{script} declares no parameters" : $"{script} declares {string.Join(", ", names)}";
        var each = unknown.Select(u => Closest(u, known) is { } near ? $"--{u} (did you mean --{near}?)" : "--" + u);
        throw new UsageException($"unknown parameter{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", each)}: {list} (with Param(\"name\", default))");
    }

    /// <summary>
    /// The run's parameters: the effective value of every declared parameter, its default when not given, so passing a
    /// default changes nothing; <c>output</c> and other locations as absolute URIs (<see cref="Normalize"/>).
    /// </summary>
    /// <param name="declared">What the script's Param and Output calls returned while it ran.</param>
    /// <param name="scanned">Parameters named in the source, with literal defaults (those asked for only later, inside stages).</param>
    /// <param name="given">The script parameters given on the command line.</param>
    /// <param name="output">The run's <c>--output</c>, or null when none was given.</param>
    public static Dictionary<string, string> Identity(IReadOnlyDictionary<string, string> declared, IReadOnlyDictionary<string, object?> scanned,
        IReadOnlyDictionary<string, string> given, string? output)
    {
        var identity = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in declared) identity[name] = name == "output" ? ObjectStores.Canonical(value) : Normalize(value);
        foreach (var (name, literal) in scanned)
        {
            if (identity.ContainsKey(name)) continue;
            var value = given.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(ScriptGlobals.EnvironmentVariable(name));
            if (value is not null) identity[name] = Normalize(AsTypeOf(literal, value));
            else if (literal is not null) identity[name] = Normalize(Format(literal));
        }
        // The output override is part of what a run is, even when the script asks for it only inside a stage.
        if (output is not null) identity["output"] = ObjectStores.Canonical(output);
        return identity;
    }

    /// <summary>
    /// One spelling per value: <c>s3://</c> and <c>file://</c> URIs and paths written as paths (absolute, or starting
    /// with <c>./</c> or <c>../</c>) become absolute without a trailing '/'; other URLs and values holding '/' lose a
    /// trailing '/'; anything else is kept. A value such as <c>out/clean</c> or <c>Qwen/Qwen2.5-VL</c> is kept as
    /// written: it may be a path or a model name, and making a name absolute would refuse a resume from another folder.
    /// Where it is a path the run reads or writes, the graph hash holds its absolute location, so the same relative
    /// value from two folders is still two runs.
    /// </summary>
    public static string Normalize(string value)
    {
        if (value.Length == 0 || value.Any(char.IsWhiteSpace)) return value;
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (ObjectStores.IsS3(value) || value.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return ObjectStores.Canonical(value);
        if (scheme > 0) return value.Length > scheme + 3 ? value.TrimEnd('/') : value;
        if (value[0] == '/' || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal) || value is "." or "..")
            return ObjectStores.Canonical(value);
        return value.Contains('/') && value.Length > 1 ? value.TrimEnd('/') : value;
    }

    // A number given for a parameter whose literal default is a number is compared as that number ("050" is 50).
    private static string AsTypeOf(object? literal, string value) => literal switch
    {
        int when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => Format(n),
        double when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Format(d),
        _ => value,
    };

    private static string Format(object literal) => literal switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => literal.ToString() ?? "",
    };

    private static string? Closest(string name, IEnumerable<string> known) =>
        known.Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(k => k.Distance <= Math.Max(2, name.Length / 3) || name.StartsWith(k.Name, StringComparison.OrdinalIgnoreCase)
                        || k.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name).FirstOrDefault();

    // Optimal string alignment distance: edits, with a swap of two neighbours as one edit (inptu → input).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
