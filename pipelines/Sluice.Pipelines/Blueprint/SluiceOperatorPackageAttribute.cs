namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Marks an assembly as a Sluice operator package and names the namespaces its verbs and types live in. The script
/// host imports those namespaces into every script that loads the package (the bundled packages always, others on
/// <c>#r "sluice: NAME"</c> or <c>#r "path/to/Package.dll"</c>), and <c>sluice ops</c> lists the package's verbs.
/// </summary>
/// <example><code>[assembly: SluiceOperatorPackage("torch", Namespaces = ["Sluice.Operators.Torch"])]</code></example>
/// <param name="name">The package's short name: what <c>#r "sluice: NAME"</c> names and the folder under
/// <c>build/packages/</c> it is published to. Lower-case letters, digits and dashes.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class SluiceOperatorPackageAttribute(string name) : Attribute
{
    /// <summary>The package's short name (e.g. <c>torch</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The namespaces a script imports when it loads the package; default none (the script writes its own <c>using</c>s).</summary>
    public string[] Namespaces { get; init; } = [];
}
