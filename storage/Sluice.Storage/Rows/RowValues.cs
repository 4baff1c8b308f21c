using System.Collections;
using System.Globalization;

namespace Sluice.Storage.Rows;

/// <summary>How <see cref="Row.Get{T}"/> converts values, and how rows compare.</summary>
public static class RowValues
{
    /// <summary>
    /// <paramref name="value"/> as <typeparamref name="T"/>: itself when it already is one; between numeric types
    /// (Half, float, double, decimal, every integer width) when the value fits, checked (an overflow or a fraction into an
    /// integer is refused, not truncated); <c>DateTimeOffset</c> ↔ <c>DateTime</c> (UTC); lists to <c>T[]</c>,
    /// <c>List&lt;T&gt;</c> or <c>IReadOnlyList&lt;T&gt;</c>, element by element; <c>Nullable&lt;U&gt;</c> as
    /// <c>U</c>. Nothing else converts: a number is not a string, a string is not a number.
    /// </summary>
    /// <exception cref="InvalidCastException">The value cannot be converted; the message names
    /// <paramref name="column"/>, the value's type and <typeparamref name="T"/>.</exception>
    public static T Convert<T>(object value, string column)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is T same) return same;
        try
        {
            return (T)ConvertTo(value, typeof(T));
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            throw new InvalidCastException($"column '{column}' holds {Describe(value)}, which is not a {Name(typeof(T))}: {e.Message}", e);
        }
    }

    /// <summary>Value equality through lists, maps, binary and nested rows; numbers compare by type and value.</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        switch (a)
        {
            case byte[] x when b is byte[] bytes:
                return x.AsSpan().SequenceEqual(bytes);
            case Row x when b is Row row:
                return x.Equals(row);
            case string x:
                return b is string text && string.Equals(x, text, StringComparison.Ordinal);
            case IEnumerable x when b is IEnumerable list and not string:
                var left = x.Cast<object?>().ToList();
                var right = list.Cast<object?>().ToList();
                return left.Count == right.Count && left.Zip(right).All(p => DeepEquals(p.First, p.Second));
            case KeyValuePair<object, object?> x when b is KeyValuePair<object, object?> pair:
                return DeepEquals(x.Key, pair.Key) && DeepEquals(x.Value, pair.Value);
            default:
                return a.Equals(b);
        }
    }

    private static object ConvertTo(object value, Type target)
    {
        if (target.IsInstanceOfType(value)) return value;
        var underlying = Nullable.GetUnderlyingType(target);
        if (underlying is not null) return ConvertTo(value, underlying);
        if (IsNumber(value.GetType()) && IsNumber(target)) return ConvertNumber(value, target);
        if (target == typeof(DateTime) && value is DateTimeOffset dto) return dto.UtcDateTime;
        if (target == typeof(DateTimeOffset) && value is DateTime dt)
            return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
        if (value is IEnumerable items and not string and not byte[] and not Row && ElementOf(target) is { } element)
        {
            var converted = items.Cast<object?>().Select(v => v is null ? null : ConvertTo(v, element)).ToArray();
            var array = System.Array.CreateInstance(element, converted.Length);
            for (int i = 0; i < converted.Length; i++) array.SetValue(converted[i], i);
            if (target.IsArray) return array;
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(element), array)!;
        }
        throw new InvalidCastException($"no conversion from {Name(value.GetType())}");
    }

    private static object ConvertNumber(object value, Type target)
    {
        // Half is not IConvertible; double holds every Half exactly.
        if (value is Half h) value = (double)h;
        if (target == typeof(Half)) return (Half)System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
        bool integral = target != typeof(float) && target != typeof(double) && target != typeof(decimal);
        if (integral && value is float or double or decimal)
        {
            var d = System.Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            if (decimal.Truncate(d) != d) throw new InvalidCastException($"{value} has a fraction");
        }
        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static Type? ElementOf(Type target)
    {
        if (target.IsArray) return target.GetElementType();
        if (!target.IsGenericType) return null;
        var definition = target.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
            ? target.GetGenericArguments()[0] : null;
    }

    private static bool IsNumber(Type t) =>
        t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long)
        || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(Half) || t == typeof(float) || t == typeof(double) || t == typeof(decimal);

    private static string Describe(object value)
    {
        var text = value switch
        {
            string s => $"\"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
            IEnumerable => "",
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return text.Length == 0 ? $"a {Name(value.GetType())}" : $"{Name(value.GetType())} {text}";
    }

    private static string Name(Type t) => Nullable.GetUnderlyingType(t) is { } u ? Name(u) + "?"
        : t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.Name;
}
