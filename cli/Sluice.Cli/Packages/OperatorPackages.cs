using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Sluice.Cli.Packages;

/// <summary>
/// Finds and loads operator packages. A package is a folder holding a published class library (its <c>NAME.dll</c>
/// and <c>NAME.deps.json</c>, with every dependency beside them); <c>#r "sluice: torch"</c> names the folder
/// <c>torch</c> under a package root, <c>#r "path/to/Package.dll"</c> a library anywhere. Each package loads once per
/// process, in its own <see cref="OperatorPackageLoadContext"/>.
/// </summary>
internal static class OperatorPackages
{
    /// <summary>The environment variable that replaces the default package roots (folders separated by <c>:</c>).</summary>
    public const string RootsVariable = "SLUICE_PACKAGES";

    private static readonly ConcurrentDictionary<string, Lazy<OperatorPackage>> Loaded = CreateRegistry();

    /// <summary>
    /// The folders whose subfolders are packages: <c>$SLUICE_PACKAGES</c> when set, otherwise <c>packages</c> beside the
    /// CLI's folder (<c>build/packages</c> for <c>build/bin/sluice</c>, where <c>make build</c> publishes them).
    /// </summary>
    public static IReadOnlyList<string> Roots =>
        Environment.GetEnvironmentVariable(RootsVariable) is { Length: > 0 } roots
            ? roots.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToArray()
            : [Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "packages"))];

    /// <summary>The names of the packages under <see cref="Roots"/>, sorted (the first root wins on a clash).</summary>
    public static IReadOnlyList<string> Installed() =>
        Roots.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories)
            .Where(d => MainAssemblyIn(d) is not null).Select(Path.GetFileName).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The main assembly of the package named <paramref name="name"/>, or null when no root holds it.</summary>
    public static string? Find(string name) =>
        name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or ".." ? null
            : Roots.Select(r => Path.Combine(r, name)).Where(Directory.Exists).Select(MainAssemblyIn).FirstOrDefault(p => p is not null);

    /// <summary>Loads (once) the package whose main assembly is <paramref name="mainAssemblyPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static OperatorPackage Load(string mainAssemblyPath)
    {
        var path = Path.GetFullPath(mainAssemblyPath);
        if (!File.Exists(path)) throw new FileNotFoundException($"operator package assembly not found: {path}", path);
        // Lazy: two scripts loading the same package at once must share one context, not race two.
        return Loaded.GetOrAdd(path, p => new Lazy<OperatorPackage>(() => LoadNew(p))).Value;
    }

    /// <summary>Loads every installed package (for <c>sluice ops</c>).</summary>
    public static IReadOnlyList<OperatorPackage> LoadInstalled() => Installed().Select(n => Load(Find(n)!)).ToArray();

    private static OperatorPackage LoadNew(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        // A library the CLI already ships (e.g. #r of build/bin/Sluice.Operators.dll) is the host's copy, not a second one.
        if (OperatorPackageLoadContext.HostHas(name.Name!)) return OperatorPackage.Of(Assembly.Load(name), null);
        var context = new OperatorPackageLoadContext(path);
        return OperatorPackage.Of(context.LoadFromAssemblyPath(path), context);
    }

    private static ConcurrentDictionary<string, Lazy<OperatorPackage>> CreateRegistry()
    {
        var loaded = new ConcurrentDictionary<string, Lazy<OperatorPackage>>(StringComparer.Ordinal);
        // A host library may load a package's assembly by name at run time (Microsoft.ML.Tokenizers loads the GPT-2
        // vocabulary assembly the torch package ships): the default context then asks the packages loaded so far.
        AssemblyLoadContext.Default.Resolving += (_, name) =>
            loaded.Values.Where(p => p.IsValueCreated).Select(p => p.Value.Context)
                .FirstOrDefault(c => c?.OwnPath(name) is not null)?.LoadFromAssemblyName(name);
        return loaded;
    }

    // `dotnet publish` of a class library writes exactly one NAME.deps.json, beside NAME.dll.
    private static string? MainAssemblyIn(string folder)
    {
        var mains = Directory.EnumerateFiles(folder, "*.deps.json")
            .Select(d => d[..^".deps.json".Length] + ".dll").Where(File.Exists).ToArray();
        return mains.Length == 1 ? mains[0] : null;
    }
}
