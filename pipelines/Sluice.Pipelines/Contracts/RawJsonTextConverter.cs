using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Pipelines.Contracts;

/// <summary>
/// Keeps a string that already holds JSON as a JSON value when serialised (no second escaping), and reads any JSON
/// value back as its raw text.
/// </summary>
public sealed class RawJsonTextConverter : JsonConverter<string?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.GetRawText();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteRawValue(value, skipInputValidation: true);
    }
}
