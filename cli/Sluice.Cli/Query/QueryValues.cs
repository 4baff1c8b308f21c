using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Sluice.Cli.Query;

/// <summary>How the values DuckDB.NET returns (lists, structs, maps, HUGEINT as <see cref="BigInteger"/>) are printed.</summary>
internal static class QueryValues
{
    /// <summary>A cell is cut to this many characters, so one long text does not push the table off the screen.</summary>
    public const int MaxCellChars = 60;

    private const int MaxListItems = 8;

    /// <summary>The value as a table cell: NULL for null, lists as [a, b, … N items], line breaks escaped, cut.</summary>
    public static string Cell(object? value)
    {
        var text = Text(value, nested: false);
        text = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return text.Length <= MaxCellChars ? text : text[..(MaxCellChars - 1)] + "…";
    }

    /// <summary>True for column types printed right-aligned.</summary>
    public static bool IsNumeric(Type type) =>
        type == typeof(BigInteger) || Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) is >= TypeCode.SByte and <= TypeCode.Decimal;

    /// <summary>Writes the value as JSON: numbers as numbers (HUGEINT too), lists as arrays, structs and maps as objects.</summary>
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case double d when !double.IsFinite(d): json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case float f when !float.IsFinite(f): json.WriteStringValue(f.ToString(CultureInfo.InvariantCulture)); break;
            case string s: json.WriteStringValue(s); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (var entry in Entries(map))
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items) Write(json, item);
                json.WriteEndArray();
                break;
            case Stream blob: json.WriteBase64StringValue(Bytes(blob)); break;
            case bool or sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal
                or Guid or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan:
                JsonSerializer.Serialize(json, value, value.GetType());
                break;
            default: json.WriteStringValue(Text(value, nested: false)); break;
        }
    }

    private static string Text(object? value, bool nested) => value switch
    {
        null or DBNull => "NULL",
        string s => nested ? "'" + s + "'" : s,
        byte[] bytes => $"<{bytes.Length:N0} bytes>",
        Stream blob => $"<{Bytes(blob).Length:N0} bytes>",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IDictionary map => "{" + string.Join(", ", Entries(map).Select(e => $"{Text(e.Key, true)}: {Text(e.Value, true)}")) + "}",
        IEnumerable items => List(items),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // DuckDB.NET hands BLOBs out as streams over its own memory.
    private static byte[] Bytes(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        return copy.ToArray();
    }

    // Through the dictionary enumerator: a generic dictionary's plain enumerator yields KeyValuePairs, not entries.
    private static IEnumerable<DictionaryEntry> Entries(IDictionary map)
    {
        var entries = map.GetEnumerator();
        while (entries.MoveNext()) yield return entries.Entry;
    }

    private static string List(IEnumerable items)
    {
        var text = new StringBuilder("[");
        var count = 0;
        foreach (var item in items)
        {
            if (count < MaxListItems) text.Append(count == 0 ? "" : ", ").Append(Text(item, true));
            count++;
        }
        if (count > MaxListItems) text.Append(CultureInfo.InvariantCulture, $", … {count:N0} items");
        return text.Append(']').ToString();
    }
}
