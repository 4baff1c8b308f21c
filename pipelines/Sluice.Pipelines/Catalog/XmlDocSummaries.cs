using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sluice.Pipelines.Catalog;

/// <summary>
/// Method summaries from the XML doc file the build writes next to an assembly (GenerateDocumentationFile), as one
/// line of plain text. An assembly deployed without its doc file has none.
/// </summary>
internal static partial class XmlDocSummaries
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Cache = new();

    /// <summary>Summaries of <paramref name="assembly"/>'s methods by documentation id.</summary>
    public static IReadOnlyDictionary<string, string> For(Assembly assembly) => Cache.GetOrAdd(assembly, Load);

    /// <summary>The documentation id of <paramref name="m"/> (<c>M:Ns.Type.Name``1(Ns.Flow{``0},System.String)</c>).</summary>
    public static string IdOf(MethodInfo m)
    {
        var arity = m.IsGenericMethod ? $"``{m.GetGenericArguments().Length}" : "";
        var parameters = m.GetParameters();
        var list = parameters.Length == 0 ? "" : $"({string.Join(",", parameters.Select(p => IdOf(p.ParameterType)))})";
        return $"M:{Full(m.DeclaringType!)}.{m.Name}{arity}{list}";
    }

    private static string IdOf(Type t)
    {
        if (t.IsGenericParameter) return (t.DeclaringMethod is null ? "`" : "``") + t.GenericParameterPosition;
        if (t.IsByRef) return IdOf(t.GetElementType()!) + "@";
        if (t.IsArray) return IdOf(t.GetElementType()!) + "[]";
        if (!t.IsGenericType) return Full(t);
        var definition = Full(t.GetGenericTypeDefinition());
        return $"{definition[..definition.LastIndexOf('`')]}{{{string.Join(",", t.GetGenericArguments().Select(IdOf))}}}";
    }

    private static string Full(Type t) => (t.IsGenericType ? t.GetGenericTypeDefinition() : t).FullName!.Replace('+', '.');

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var file = string.IsNullOrEmpty(assembly.Location) ? "" : Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file)) return new Dictionary<string, string>();
        return XDocument.Load(file).Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith("M:", StringComparison.Ordinal) == true && m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Text(m.Element("summary")!));
    }

    // <see cref="T:Ns.Type"/> reads as Type (a see with text reads as its text), <paramref name="x"/> as `x` (a parameter
    // name read as a word garbles the sentence: "at least words whitespace words"), <c>x</c> as x; whitespace runs become one space.
    private static string Text(XElement summary)
    {
        var parts = summary.DescendantNodes().Select(n => n switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => $"`{(string?)e.Attribute("name")}`",
            XElement { Name.LocalName: "see" } e when !e.Nodes().Any() => Reference(e),
            _ => "",
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    private static string Reference(XElement e)
    {
        var target = (string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? "";
        target = target.Contains(':', StringComparison.Ordinal) ? target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..] : target;
        var paren = target.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) target = target[..paren];
        var name = target[(target.LastIndexOf('.') + 1)..];
        return Regex.Replace(name, "`+\\d+", "");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
