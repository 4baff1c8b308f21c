using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// The content address of a chat request: lower-case hex SHA-256 of a canonical JSON of the model, the decoding
/// parameters that change the answer, and the messages (role, text, and the SHA-256 of each image or other data part). Property order is fixed, additional
/// properties are sorted by name, numbers use invariant round-trip formatting, so equal requests hash equally on every
/// machine. Cancellation, tools and other client-side settings are not part of it.
/// </summary>
public static class ResponseCacheKey
{
    /// <summary>The canonical JSON that is hashed.</summary>
    public static string CanonicalJson(string model, ChatOptions? options, IEnumerable<ChatMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartObject("decoding");
            if (options?.Temperature is { } t) w.WriteString("temperature", Num(t));
            if (options?.TopP is { } p) w.WriteString("top_p", Num(p));
            if (options?.TopK is { } k) w.WriteNumber("top_k", k);
            if (options?.MaxOutputTokens is { } max) w.WriteNumber("max_tokens", max);
            if (options?.Seed is { } seed) w.WriteNumber("seed", seed);
            if (options?.FrequencyPenalty is { } fp) w.WriteString("frequency_penalty", Num(fp));
            if (options?.PresencePenalty is { } pp) w.WriteString("presence_penalty", Num(pp));
            if (options?.StopSequences is { Count: > 0 } stop)
            {
                w.WriteStartArray("stop");
                foreach (var s in stop) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            if (options?.ResponseFormat is ChatResponseFormatJson json) w.WriteString("response_format", json.Schema?.GetRawText() ?? "json");
            if (options?.AdditionalProperties is { Count: > 0 } extra)
                foreach (var (name, value) in extra.OrderBy(e => e.Key, StringComparer.Ordinal))
                    w.WriteString("x:" + name, JsonSerializer.Serialize(value));
            w.WriteEndObject();
            w.WriteStartArray("messages");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("content", m.Text);
                // Non-text parts (images, audio) are addressed by their bytes: two images under the same alt-text
                // must never share a cached answer.
                var media = m.Contents.OfType<DataContent>().ToArray();
                if (media.Length > 0)
                {
                    w.WriteStartArray("media");
                    foreach (var part in media) w.WriteStringValue($"{part.MediaType}:{Convert.ToHexStringLower(SHA256.HashData(part.Data.Span))}");
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The key: hex SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public static string Compute(string model, ChatOptions? options, IEnumerable<ChatMessage> messages) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson(model, options, messages))));

    private static string Num(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
