using System.Reflection;
using System.Runtime.Loader;

namespace Sluice.Cli.Packages;

/// <summary>
/// The load context of one operator package: its own dependencies (TorchSharp, LLamaSharp and their natives) come from
/// the package's folder through its <c>.deps.json</c>; every assembly the CLI itself ships (Sluice's engine and core
/// operators, the framework) comes from the default context, so a package's flows and records are the host's types.
/// </summary>
internal sealed class OperatorPackageLoadContext : AssemblyLoadContext
{
    // Simple names of the assemblies the host process was started with (the framework, the CLI and what it ships).
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>A context for the package whose main assembly is <paramref name="mainAssemblyPath"/>.</summary>
    public OperatorPackageLoadContext(string mainAssemblyPath) : base("sluice-package:" + Path.GetFileNameWithoutExtension(mainAssemblyPath))
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    /// <summary>Whether the host already ships an assembly of this simple name (then a package never loads its own copy).</summary>
    public static bool HostHas(string simpleName) => HostAssemblies.Value.Contains(simpleName);

    /// <summary>The path of <paramref name="name"/> in the package's folder, or null when the host provides it or the package lacks it.</summary>
    public string? OwnPath(AssemblyName name) =>
        name.Name is { } simple && HostHas(simple) ? null : Existing(_resolver.ResolveAssemblyToPath(name));

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName) => OwnPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        Existing(_resolver.ResolveUnmanagedDllToPath(unmanagedDllName)) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    // `make build` removes from a package what the CLI already ships, though its .deps.json still lists it: such a
    // file resolves to nothing here, so the host's copy serves.
    private static string? Existing(string? path) => path is not null && File.Exists(path) ? path : null;
}
