using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Sluice.Storage.Formats;

/// <summary>
/// Where a record type forbids null, read once from its nullable reference annotations
/// (<see cref="NullabilityInfoContext"/>): every public auto-property a reader fills (a constructor parameter or a
/// public setter, not <see cref="JsonIgnoreAttribute"/>d) whose type is a non-nullable reference, and the items of
/// such arrays and lists when their item type is a non-nullable reference. Readers check each record against it, so
/// an operator never sees a null where the record's type forbids one. Types compiled without nullable annotations
/// forbid nothing.
/// </summary>
/// <remarks>
/// The check reads what the reader stored, the compiler's backing field, and never runs a getter: a property with a
/// hand-written body (no backing field the compiler made) is the type's own business and is not checked.
/// </remarks>
public sealed class RecordNullability
{
    private static readonly ConcurrentDictionary<Type, RecordNullability> s_cache = new();
    private readonly Member[] _members;

    private RecordNullability(Type type) => _members = FindMembers(type);

    /// <summary>The contract of <paramref name="type"/>, built on first use and cached.</summary>
    public static RecordNullability For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return s_cache.GetOrAdd(type, t => new RecordNullability(t));
    }

    /// <summary>True when the type forbids no null anywhere <see cref="Check"/> looks.</summary>
    public bool IsEmpty => _members.Length == 0;

    /// <summary>
    /// Why <paramref name="record"/> breaks the contract, naming the first field in declaration order that holds a
    /// forbidden null (<c>field 'text' is null or missing, but Document.Text is not nullable</c>); null when it
    /// keeps it.
    /// </summary>
    /// <exception cref="InvalidCastException"><paramref name="record"/> is not of the type the contract was built for.</exception>
    public string? Check(object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var member in _members)
        {
            var value = member.Get(record);
            if (value is null) return $"field '{member.Field}' is null or missing, but {member.Where} is not nullable";
            if (member.ItemsNotNull && FirstNullItem((IEnumerable)value) is { } index)
                return $"field '{member.Field}[{index}]' holds a null item, but the items of {member.Where} are not nullable";
        }
        return null;
    }

    private static int? FirstNullItem(IEnumerable items)
    {
        int i = 0;
        foreach (var item in items)
        {
            if (item is null) return i;
            i++;
        }
        return null;
    }

    private static Member[] FindMembers(Type type)
    {
        if (type.IsPrimitive || type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type)) return [];
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var context = new NullabilityInfoContext();
        var members = new List<Member>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true } || property.PropertyType.IsValueType) continue;
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always }) continue;
            // Only what a reader fills: a computed property is the type's own business, and reading it runs its code.
            if (property.SetMethod is not { IsPublic: true } && !parameters.Contains(property.Name)) continue;
            var backing = type.GetField($"<{property.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance);
            if (backing is null) continue;
            var nullability = context.Create(property);
            if (nullability.ReadState != NullabilityState.NotNull) continue;
            var item = nullability.ElementType ?? (nullability.GenericTypeArguments is [var only] && typeof(IEnumerable).IsAssignableFrom(property.PropertyType) ? only : null);
            var itemsNotNull = item is { ReadState: NullabilityState.NotNull, Type.IsValueType: false };
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? SluiceJson.ColumnName(property.Name);
            members.Add(new Member(name, $"{type.Name}.{property.Name}", Getter(type, backing), itemsNotNull));
        }
        return members.ToArray();
    }

    private static Func<object, object?> Getter(Type type, FieldInfo backing)
    {
        var record = Expression.Parameter(typeof(object), "record");
        var body = Expression.Convert(Expression.Field(Expression.Convert(record, type), backing), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, record).Compile();
    }

    private sealed record Member(string Field, string Where, Func<object, object?> Get, bool ItemsNotNull);
}
