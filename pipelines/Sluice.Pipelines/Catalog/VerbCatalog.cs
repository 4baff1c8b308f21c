using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Catalog;

/// <summary>
/// The verbs that assemblies add to pipelines, found by reflection: every method marked <see cref="VerbAttribute"/>,
/// extension or instance. Entries are sorted by role, name and signature, so a listing is the same on every machine.
/// </summary>
public static partial class VerbCatalog
{
    /// <summary>Lists the verbs declared in <paramref name="assemblies"/> (duplicates are read once).</summary>
    public static IReadOnlyList<VerbEntry> Of(IEnumerable<Assembly> assemblies) =>
        assemblies.Distinct()
            .SelectMany(a => Methods(a).Select(m => (Method: m, Verb: m.GetCustomAttribute<VerbAttribute>())).Where(x => x.Verb is not null)
                .Select(x => Entry(x.Method, x.Verb!, XmlDocSummaries.For(a))))
            .OrderBy(e => e.Role).ThenBy(e => e.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Input, StringComparer.Ordinal).ThenBy(e => string.Join(",", e.Options.Select(o => o.Name)), StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Public methods that look like verbs but carry no <see cref="VerbAttribute"/>: static extension methods on
    /// <see cref="PipelineBuilder"/> or <see cref="Flow{T}"/>, and public instance methods of those two types, that
    /// return a flow or the builder.
    /// </summary>
    public static IReadOnlyList<MethodInfo> Unmarked(IEnumerable<Assembly> assemblies) =>
        assemblies.Distinct().SelectMany(Methods)
            .Where(m => IsBuilderType(m.ReturnType) && m.GetCustomAttribute<VerbAttribute>() is null)
            .ToArray();

    private static IEnumerable<MethodInfo> Methods(Assembly assembly) =>
        assembly.GetExportedTypes().SelectMany(t =>
            t.IsAbstract && t.IsSealed
                ? t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m.IsDefined(typeof(ExtensionAttribute)) && IsBuilderType(m.GetParameters()[0].ParameterType))
                : IsBuilderType(t) ? t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName) : []);

    private static bool IsBuilderType(Type t) =>
        t == typeof(PipelineBuilder) || t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Flow<>);

    private static VerbEntry Entry(MethodInfo m, VerbAttribute verb, IReadOnlyDictionary<string, string> summaries)
    {
        var parameters = m.GetParameters();
        var extension = m.IsStatic;
        var self = extension ? parameters[0].ParameterType : m.DeclaringType!;
        var options = parameters.Where(p => p.HasDefaultValue)
            .Select(p => new VerbOption(p.Name!, TypeNames.Of(p.ParameterType, p), TypeNames.Literal(p.DefaultValue, p.ParameterType))).ToArray();
        summaries.TryGetValue(XmlDocSummaries.IdOf(m), out var summary);
        return new VerbEntry(m.Name, verb.Role, ElementOf(self), ElementOf(m.ReturnType), options, summary, verb.Rule, verb.Paper, Relative(verb.File));
    }

    // A flow's records are its type argument; the builder itself carries none (before a source, after a sink).
    private static string? ElementOf(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Flow<>)
        ? TypeNames.Of(t.GetGenericArguments()[0]) : null;

    // The compiler records absolute paths, which differ between clones; the catalogue must not.
    private static string Relative(string file)
    {
        var match = RepositoryPath().Match(file.Replace('\\', '/'));
        return match.Success ? match.Value : Path.GetFileName(file);
    }

    [GeneratedRegex(@"(pipelines|operators|storage|cli|tests|bench)/Sluice\.[^/]+/.*$")]
    private static partial Regex RepositoryPath();
}
