using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Sluice.Cli.Packages;

namespace Sluice.Cli.Scripting;

/// <summary>
/// Turns "name not found" compile errors into a hint naming the installed operator package that declares the name
/// (a public type or a public static method such as a verb), when the script does not load that package yet.
/// </summary>
internal static class PackageHints
{
    // The type or namespace is not found; the name does not exist; no such member or extension method; no such type in a namespace.
    private static readonly HashSet<string> NotFound = ["CS0246", "CS0103", "CS1061", "CS0234"];

    /// <summary>One line per missing name that an installed package not in <paramref name="loaded"/> declares.</summary>
    public static IReadOnlyList<string> For(IEnumerable<Diagnostic> errors, IEnumerable<OperatorPackage> loaded)
    {
        var missing = errors.Where(d => NotFound.Contains(d.Id) && d.Location.IsInSource)
            .Select(d => Simple(d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)))
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length == 0) return [];
        var mains = loaded.Select(p => p.Assembly.Location).ToHashSet(StringComparer.Ordinal);
        var offered = OperatorPackages.Installed().Select(n => (Name: n, Main: OperatorPackages.Find(n)!))
            .Where(p => !mains.Contains(Path.GetFullPath(p.Main)))
            .Select(p => (p.Name, Declared: DeclaredNames(p.Main))).ToArray();
        return missing.SelectMany(n => offered.Where(p => p.Declared.Contains(n))
                .Select(p => $"hint: '{n}' is in the operator package '{p.Name}'; add #r \"sluice: {p.Name}\" at the top of the script"))
            .ToArray();
    }

    // `Flow<T>` and `Ns.Type` as written in the script: the last simple name, without type arguments.
    private static string Simple(string written)
    {
        var name = written.Split('<')[0];
        return name[(name.LastIndexOf('.') + 1)..].Trim();
    }

    // Public type names and public static method names, read from metadata without loading the assembly.
    private static HashSet<string> DeclaredNames(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility is not (TypeAttributes.Public or TypeAttributes.NestedPublic)) continue;
            names.Add(md.GetString(type.Name).Split('`')[0]);
            foreach (var m in type.GetMethods().Select(md.GetMethodDefinition))
                if ((m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public && m.Attributes.HasFlag(MethodAttributes.Static))
                    names.Add(md.GetString(m.Name));
        }
        return names;
    }
}
