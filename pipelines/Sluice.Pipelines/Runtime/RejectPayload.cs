using System.Text.Json;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Runtime;

/// <summary>The JSON a reject keeps of its record: the record as JSON, or its text when it cannot be serialised.</summary>
internal static class RejectPayload
{
    public static string Serialize(object? record)
    {
        try { return JsonSerializer.Serialize(record, SluiceJson.Options); }
        catch (NotSupportedException) { return JsonSerializer.Serialize(record?.ToString()); }
    }
}
