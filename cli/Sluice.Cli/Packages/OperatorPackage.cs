using System.Reflection;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Cli.Packages;

/// <summary>An operator package loaded into this process: its main assembly and what its <see cref="SluiceOperatorPackageAttribute"/> declares.</summary>
/// <param name="Name">The package's name (<c>torch</c>), from its attribute, or the assembly's name when it has none.</param>
/// <param name="Assembly">The package's main assembly, in <paramref name="Context"/> (or the host's own, for a bundled one).</param>
/// <param name="Namespaces">The namespaces a script that loads the package imports.</param>
/// <param name="Context">The package's load context; null for an assembly the host ships.</param>
internal sealed record OperatorPackage(string Name, Assembly Assembly, IReadOnlyList<string> Namespaces, OperatorPackageLoadContext? Context)
{
    /// <summary>The package that <paramref name="assembly"/> declares (or an unnamed one without namespaces).</summary>
    public static OperatorPackage Of(Assembly assembly, OperatorPackageLoadContext? context)
    {
        var declared = assembly.GetCustomAttribute<SluiceOperatorPackageAttribute>();
        return new OperatorPackage(declared?.Name ?? assembly.GetName().Name!, assembly, declared?.Namespaces ?? [], context);
    }

    /// <summary>
    /// The package's own assemblies among <paramref name="names"/> (those it ships and the host does not), loaded in
    /// its context: what a compiled script that references them must be bound to at run time.
    /// </summary>
    public IEnumerable<Assembly> OwnAssemblies(IEnumerable<AssemblyName> names) =>
        Context is null ? [] : names.Where(n => Context.OwnPath(n) is not null).Select(Context.LoadFromAssemblyName);
}
