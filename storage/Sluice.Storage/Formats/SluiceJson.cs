using System.Text.Encodings.Web;
using System.Text.Json;

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
}
