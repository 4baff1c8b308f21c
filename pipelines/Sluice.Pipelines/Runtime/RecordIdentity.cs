using System.Collections.Concurrent;
using System.Reflection;

namespace Sluice.Pipelines.Runtime;

/// <summary>Finds a record's id (a public <c>Id</c> property, any case) for error messages.</summary>
internal static class RecordIdentity
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> IdProperties = new();

    public static string? Of(object? record)
    {
        if (record is null) return null;
        var prop = IdProperties.GetOrAdd(record.GetType(), t =>
            t.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase));
        return prop?.GetValue(record)?.ToString();
    }
}
