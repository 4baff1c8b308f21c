using System.Text.RegularExpressions;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// The shapes of the ids that run-folder and output keys are built from. Every id read back from a run folder is
/// checked against its shape before it becomes part of a key, so a hand-edited object cannot name a key elsewhere.
/// </summary>
public static partial class RunIds
{
    /// <summary>A work unit id: <c>u</c> and at least six digits (<c>u000012</c>), as the planner numbers units.</summary>
    public const string UnitPattern = "u[0-9]{6,}";

    /// <summary>An attempt id: eight lower-case hex digits (<c>3fa85f64</c>), new for every process.</summary>
    public const string AttemptPattern = "[0-9a-f]{8}";

    /// <summary>A pipeline, workflow or stage name: kebab-case (<c>to-parquet</c>).</summary>
    public const string NamePattern = "[a-z0-9]+(?:-[a-z0-9]+)*";

    /// <summary>Whether <paramref name="id"/> is a work unit id (<see cref="UnitPattern"/>).</summary>
    public static bool IsUnit(string? id) => id is not null && Unit().IsMatch(id);

    /// <summary>Whether <paramref name="id"/> is an attempt id (<see cref="AttemptPattern"/>).</summary>
    public static bool IsAttempt(string? id) => id is not null && Attempt().IsMatch(id);

    /// <summary>Whether <paramref name="name"/> is a kebab-case name (<see cref="NamePattern"/>).</summary>
    public static bool IsName(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>A new random attempt id.</summary>
    public static string NewAttempt() => Guid.NewGuid().ToString("N")[..8];

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex("^" + UnitPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Unit();

    [GeneratedRegex("^" + AttemptPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Attempt();

    [GeneratedRegex("^" + NamePattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
