using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Storage.Formats.Internal;

namespace Sluice.Storage.Formats;

/// <summary>
/// The one JSON convention of Sluice records: C# <c>DocId</c> is JSON <c>doc_id</c> (snake_case_lower), reads
/// match names case-insensitively, and non-ASCII text is written as UTF-8 rather than <c>\u</c> escapes.
/// Arrow and Parquet column names use the same mapping (<see cref="ColumnName"/>).
/// </summary>
public static class SluiceJson
{
    /// <summary>The shared, read-only serializer options for JSONL records.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// The shared, read-only options records are read with from input (JSONL sources): <see cref="Options"/>, and
    /// nothing ambiguous or forbidden passes. A key given twice in one object (in any letter case) is a
    /// <see cref="JsonException"/> naming it; an object of a type that forbids a null where it holds one (a
    /// non-nullable reference property that is null or missing, see <see cref="RecordNullability"/>) is a
    /// <see cref="JsonException"/> naming the field, at any depth. Writing uses <see cref="Options"/>, which checks
    /// neither.
    /// </summary>
    public static JsonSerializerOptions RecordReadOptions { get; } = CreateRecordRead();

    /// <summary>The column or JSON name of a C# property: <c>DocId</c> → <c>doc_id</c>.</summary>
    public static string ColumnName(string propertyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(propertyName);
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            // Shards are data, not HTML: keep text as UTF-8 so lines stay small and greppable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions CreateRecordRead()
    {
        var options = new JsonSerializerOptions(Options)
        {
            AllowDuplicateProperties = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ForbidNulls } },
        };
        options.MakeReadOnly();
        return options;
    }

    // STJ's own RespectNullableAnnotations rejects explicit nulls only, and RespectRequiredConstructorParameters
    // also demands nullable parameters; checking the built object covers null and missing alike, with defaults kept.
    private static void ForbidNulls(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var contract = RecordNullability.For(info.Type);
        if (contract.IsEmpty) return;
        var before = info.OnDeserialized;
        info.OnDeserialized = record =>
        {
            before?.Invoke(record);
            if (contract.Check(record) is { } why) throw new ForbiddenNullException(why);
        };
    }
}
