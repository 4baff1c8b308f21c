using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Storage.Rows;

/// <summary>
/// Reads and writes a <see cref="Row"/> as a JSON object, keeping key order. Reading: a key given twice in one object
/// is an error (keys are case-sensitive: <c>a</c> and <c>A</c> are two columns); strings, <c>true</c>/<c>false</c>
/// and <c>null</c> map to themselves, a whole number that fits to <c>long</c>, any other number to <c>double</c>,
/// arrays to lists, objects to nested rows. Writing: binary as base64, timestamps and dates as ISO 8601 strings,
/// non-finite floats as the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>, a map with string keys as an
/// object and any other map as an array of <c>{"key", "value"}</c> objects.
/// </summary>
public sealed class RowJsonConverter : JsonConverter<Row>
{
    // Lines of one file nearly always share their keys: reusing the previous line's schema saves building one per row.
    [ThreadStatic] private static RowSchema? t_lastSchema;

    /// <inheritdoc />
    public override Row Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"a row must be a JSON object, not {reader.TokenType}");
        return ReadObject(ref reader);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Row value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        for (int i = 0; i < value.Count; i++)
        {
            writer.WritePropertyName(value.Schema.Names[i]);
            WriteValue(writer, value.ValueAt(i), options);
        }
        writer.WriteEndObject();
    }

    private static Row ReadObject(ref Utf8JsonReader reader)
    {
        var names = new List<string>();
        var values = new List<object?>();
        HashSet<string>? seen = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            if (names.Count < 16 ? names.Contains(name) : !(seen ??= new HashSet<string>(names, StringComparer.Ordinal)).Add(name))
                throw new JsonException($"key '{name}' is given twice in one object");
            seen?.Add(name);
            names.Add(name);
            reader.Read();
            values.Add(ReadValue(ref reader));
        }
        var last = t_lastSchema;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(names);
        var schema = last is not null && last.SameNames(span) ? last : new RowSchema(names);
        t_lastSchema = schema;
        return new Row(schema, values.ToArray());
    }

    private static object? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.StartArray => ReadArray(ref reader),
        JsonTokenType.StartObject => ReadObject(ref reader),
        _ => throw new JsonException($"unexpected {reader.TokenType}"),
    };

    private static object?[] ReadArray(ref Utf8JsonReader reader)
    {
        var items = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadValue(ref reader));
        return items.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case short s16: writer.WriteNumberValue(s16); break;
            case sbyte s8: writer.WriteNumberValue(s8); break;
            case byte u8: writer.WriteNumberValue(u8); break;
            case ushort u16: writer.WriteNumberValue(u16); break;
            case uint u32: writer.WriteNumberValue(u32); break;
            case ulong u64: writer.WriteNumberValue(u64); break;
            case double d: WriteFloat(writer, d); break;
            case float f: WriteFloat(writer, f); break;
            case Half h: WriteFloat(writer, (double)h); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto); break;
            case DateTime dt: writer.WriteStringValue(dt); break;
            case DateOnly date: writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case TimeOnly time: writer.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
            case TimeSpan span: writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture)); break;
            case Row row: new RowJsonConverter().Write(writer, row, options); break;
            case IEnumerable<KeyValuePair<object, object?>> map: WriteMap(writer, map, options); break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item, options);
                writer.WriteEndArray();
                break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), options); break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d)) writer.WriteNumberValue(d);
        else writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<object, object?>> map, JsonSerializerOptions options)
    {
        var pairs = map.ToList();
        if (pairs.All(p => p.Key is string) && pairs.Select(p => (string)p.Key).Distinct(StringComparer.Ordinal).Count() == pairs.Count)
        {
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                writer.WritePropertyName((string)key);
                WriteValue(writer, value, options);
            }
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartArray();
        foreach (var (key, value) in pairs)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("key");
            WriteValue(writer, key, options);
            writer.WritePropertyName("value");
            WriteValue(writer, value, options);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
