using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using Sluice.Cli.Packages;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Cli.Scripting;

/// <summary>
/// Compiles and runs a pipeline script (<c>.csx</c>) with Roslyn scripting. Scripts get the engine's namespaces and
/// those of every operator package they load without <c>using</c> lines: the bundled packages always, others through
/// <c>#r "sluice: NAME"</c> or <c>#r "path/to/Package.dll"</c> (each declares its namespaces with
/// <see cref="SluiceOperatorPackageAttribute"/>). A script must end by returning the <see cref="Pipeline"/> or
/// <see cref="Workflow"/> it declares.
/// </summary>
public static class ScriptHost
{
    /// <summary>Namespaces every script imports besides those of its operator packages: the framework's basics and the engine's.</summary>
    public static readonly string[] CoreImports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks",
        "Sluice.Pipelines.Blueprint", "Sluice.Pipelines.Contracts", "Sluice.Pipelines.Sources", "Sluice.Pipelines.Sinks",
        "Sluice.Pipelines.Planning", "Sluice.Pipelines.Runtime", "Sluice.Pipelines.Exchange", "Sluice.Storage.Formats", "Sluice.Storage.Rows",
    ];

    /// <summary>
    /// Assemblies every script references: the engine and the operator packages bundled with the CLI. Heavy backends
    /// (TorchSharp, LLamaSharp) are packages a script loads itself, so the CLI does not ship them.
    /// </summary>
    public static readonly string[] Assemblies = ["Sluice.Storage", "Sluice.Pipelines", "Sluice.Operators.Models", "Sluice.Operators", "Sluice.Operators.Images"];

    /// <summary>The assemblies whose verbs <c>sluice ops</c> lists: <see cref="Assemblies"/> and every installed operator package's.</summary>
    public static IReadOnlyList<Assembly> CatalogAssemblies() =>
        [.. Assemblies.Select(name => Assembly.Load(name)), .. OperatorPackages.LoadInstalled().Select(p => p.Assembly)];

    /// <summary>Compiles <paramref name="path"/> and runs it to get what it declares: a <see cref="Pipeline"/> or a <see cref="Workflow"/>.</summary>
    /// <exception cref="ScriptCompilationException">The script does not compile, or a <c>#r</c> names no package; errors
    /// point at its lines, with a hint naming the package to reference where a missing name is in one.</exception>
    /// <exception cref="InvalidOperationException">The script returned something other than a pipeline or a workflow.</exception>
    public static async Task<object> LoadAsync(string path, ScriptGlobals globals, CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"pipeline script not found: {path}");
        var code = await File.ReadAllTextAsync(path, ct);
        var resolver = new PackageReferenceResolver(ScriptMetadataResolver.Default);
        var packages = Bundled().Concat(ScriptPackages.Referenced(code, Path.GetFullPath(path), resolver)).Distinct().ToArray();
        // The loader outlives this call: a workflow's stages bind package assemblies when they run, later.
        var loader = new InteractiveAssemblyLoader();
        var script = CSharpScript.Create<object>(code, OptionsFor(path, packages, resolver), typeof(ScriptGlobals), loader);
        var errors = script.Compile(ct).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
            throw new ScriptCompilationException(string.Join(Environment.NewLine, errors.Select(Format).Concat(PackageHints.For(errors, packages))));
        // The script must run against the assemblies loaded in each package's context, not second copies Roslyn would
        // load from the same paths.
        var referenced = script.GetCompilation().ReferencedAssemblyNames.Select(i => new AssemblyName(i.GetDisplayName())).ToArray();
        foreach (var assembly in packages.SelectMany(p => p.OwnAssemblies(referenced))) loader.RegisterDependency(assembly);
        var state = await script.RunAsync(globals, cancellationToken: ct);
        return state.ReturnValue is Pipeline or Workflow ? state.ReturnValue
            : throw new InvalidOperationException($"{path}: the script must end by returning the Pipeline it built ('return pipeline;') or its Workflow ('return workflow;'); got {state.ReturnValue?.GetType().Name ?? "nothing"}");
    }

    private static IEnumerable<OperatorPackage> Bundled() =>
        Assemblies.Select(name => Assembly.Load(name)).Where(a => a.IsDefined(typeof(SluiceOperatorPackageAttribute))).Select(a => OperatorPackage.Of(a, null));

    private static ScriptOptions OptionsFor(string path, IReadOnlyList<OperatorPackage> packages, MetadataReferenceResolver resolver) =>
        ScriptOptions.Default
            .WithFilePath(Path.GetFullPath(path))
            .WithMetadataResolver(resolver)
            .WithReferences(Assemblies.Select(name => Assembly.Load(name)).Append(typeof(System.Text.Json.JsonSerializer).Assembly).Append(typeof(Enumerable).Assembly))
            .WithImports(CoreImports.Concat(packages.SelectMany(p => p.Namespaces)).Distinct(StringComparer.Ordinal))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false);

    private static string Format(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
    }
}
