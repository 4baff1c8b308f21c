using System.Globalization;
using System.Reflection;

namespace Sluice.Pipelines.Catalog;

/// <summary>Types and default values written as a script would write them, for the verb catalogue.</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(int)] = "int", [typeof(long)] = "long", [typeof(double)] = "double", [typeof(float)] = "float",
        [typeof(bool)] = "bool", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(byte)] = "byte",
    };

    /// <summary>The C# spelling of <paramref name="t"/>; with <paramref name="declared"/>, a nullable reference gets its <c>?</c>.</summary>
    public static string Of(Type t, ParameterInfo? declared = null)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return Of(inner) + "?";
        var name = Plain(t);
        return declared is not null && !t.IsValueType && new NullabilityInfoContext().Create(declared).WriteState == NullabilityState.Nullable
            ? name + "?" : name;
    }

    /// <summary>A default value as C# source (<c>null</c>, <c>50</c>, <c>Compression.Gzip</c>, <c>"x"</c>).</summary>
    public static string Literal(object? value, Type type) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        Enum e => $"{Of(Nullable.GetUnderlyingType(type) ?? type)}.{e}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Plain(Type t)
    {
        if (Keywords.TryGetValue(t, out var keyword)) return keyword;
        if (t.IsArray) return Plain(t.GetElementType()!) + "[]";
        if (!t.IsGenericType) return t.Name;
        var name = t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(a => Of(a)))}>";
    }
}
