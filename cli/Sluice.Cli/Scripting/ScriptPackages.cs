using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sluice.Cli.Packages;

namespace Sluice.Cli.Scripting;

/// <summary>
/// The operator packages a script loads with its <c>#r</c> lines, loaded before it compiles: their namespaces must be
/// among the script's imports, which are fixed before the compiler reads the directives.
/// </summary>
internal static class ScriptPackages
{
    /// <summary>Loads the packages <paramref name="code"/>'s <c>#r</c> lines name, in order.</summary>
    /// <exception cref="ScriptCompilationException">A <c>#r "sluice: NAME"</c> names no installed package; the message
    /// points at the line and lists the installed ones.</exception>
    public static IReadOnlyList<OperatorPackage> Referenced(string code, string scriptPath, MetadataReferenceResolver resolver)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script), scriptPath);
        var packages = new List<OperatorPackage>();
        foreach (var directive in ((CompilationUnitSyntax)tree.GetRoot()).GetReferenceDirectives())
        {
            var reference = directive.File.ValueText;
            if (PackageReferenceResolver.PackageName(reference) is { } name)
            {
                var main = OperatorPackages.Find(name) ?? throw NotInstalled(directive, name);
                packages.Add(OperatorPackages.Load(main));
                continue;
            }
            // A path: whatever Roslyn resolves it to is loaded as a package (the compiler reports one it cannot find).
            foreach (var file in resolver.ResolveReference(reference, scriptPath, MetadataReferenceProperties.Assembly))
                if (file.FilePath is { } path && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) packages.Add(OperatorPackages.Load(path));
        }
        return packages;
    }

    private static ScriptCompilationException NotInstalled(SyntaxNode directive, string name)
    {
        var installed = OperatorPackages.Installed();
        return new ScriptCompilationException($"{At(directive)}: error: no operator package '{name}' in {string.Join(" or ", OperatorPackages.Roots)}; " +
            $"installed: {(installed.Count > 0 ? string.Join(", ", installed) : "none")} (`make build` publishes the repository's packages to " +
            $"build/packages; {OperatorPackages.RootsVariable} names other folders)");
    }

    private static string At(SyntaxNode node)
    {
        var span = node.GetLocation().GetMappedLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }
}
