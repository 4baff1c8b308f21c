using Sluice.Pipelines.Commit;
using System.Globalization;
using System.Text.Json;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Report;

/// <summary>
/// An output's <c>endpoint-stats.json</c> (written by <c>EndpointStats.AutoSaveTo</c>: attempts, retries, tokens,
/// latency percentiles, cache hits) as name/value pairs, in the file's order. Read as plain JSON, so a newer or older
/// file shows whatever it holds.
/// </summary>
/// <param name="Values">Each top-level field and its value as text; nested values as their JSON.</param>
internal sealed record EndpointSummary(IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary>The file's name in an output folder.</summary>
    public const string FileName = RunLayout.EndpointStatsKey;

    /// <summary>Fields shown at most.</summary>
    public const int MaxFields = 100;

    /// <summary>Reads the file under <paramref name="output"/>; null when there is none.</summary>
    /// <exception cref="InvalidDataException">It is not a JSON object; the message names it.</exception>
    public static async Task<EndpointSummary?> ReadAsync(IObjectStore output, CancellationToken ct)
    {
        if (await output.StatAsync(FileName, ct) is null) return null;
        await using var stream = await output.OpenReadAsync(FileName, ct);
        try
        {
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{ObjectStores.Join(output.RootUri, FileName)} is not a JSON object");
            return new EndpointSummary(json.RootElement.EnumerateObject().Take(MaxFields)
                .Select(p => KeyValuePair.Create(p.Name, Text(p.Value))).ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ObjectStores.Join(output.RootUri, FileName)} is not JSON: {e.Message}", e);
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number when value.TryGetInt64(out var n) => n.ToString("N0", CultureInfo.InvariantCulture),
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
