using System.Runtime.CompilerServices;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Marks a public builder verb (a <c>Read…</c>, flow or <c>Write…</c> method) for the verb catalogue that
/// <c>sluice ops</c> and <c>docs/operators.md</c> list. Every public verb carries one; a test fails on one that does not.
/// </summary>
/// <param name="role">What the operator the verb adds does.</param>
/// <param name="file">Filled in by the compiler: the source file that declares the verb.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class VerbAttribute(OperatorRole role, [CallerFilePath] string file = "") : Attribute
{
    /// <summary>What the operator the verb adds does.</summary>
    public OperatorRole Role { get; } = role;

    /// <summary>The source file that declares the verb, as the compiler saw it (absolute, or mapped by a path map).</summary>
    public string File { get; } = file;

    /// <summary>The rule the verb implements in a few words (e.g. "DRAMA: positives at ranks 1–10"); default none.</summary>
    public string? Rule { get; init; }

    /// <summary>The paper or reference implementation the verb follows (e.g. "DRAMA (Ma et al., 2025)"); default none.</summary>
    public string? Paper { get; init; }
}
