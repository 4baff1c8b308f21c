using System.Text.Json;
using Microsoft.Extensions.AI;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Drama;

/// <summary>
/// A chat prompt as data: a system instruction, few-shot turns (user, assistant) and the user turn, in which
/// <c>{name}</c> placeholders are filled. Users replace the wording (e.g. with a paper's exact text) by loading a JSON
/// file of this shape — <c>{"system": "…", "examples": [{"user": "…", "assistant": "…"}], "user": "…"}</c> — without
/// code changes.
/// </summary>
/// <param name="System">The system instruction.</param>
/// <param name="Examples">Few-shot turns in order.</param>
/// <param name="User">The user turn, with placeholders.</param>
public sealed record PromptTemplate(string System, IReadOnlyList<PromptExample> Examples, string User)
{
    /// <summary>Reads a template from JSON text.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a template (the message says what is missing).</exception>
    public static PromptTemplate FromJson(string json)
    {
        PromptTemplate? t;
        try { t = JsonSerializer.Deserialize<PromptTemplate>(json, SluiceJson.Options); }
        catch (JsonException e) { throw new InvalidDataException($"prompt template is not valid JSON: {e.Message}", e); }
        if (t is null || string.IsNullOrWhiteSpace(t.User)) throw new InvalidDataException("prompt template needs a non-empty \"user\" turn");
        return t with { System = t.System ?? "", Examples = t.Examples ?? [] };
    }

    /// <summary>Reads a template from a JSON file.</summary>
    /// <exception cref="InvalidDataException">The file is not a template.</exception>
    public static PromptTemplate Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The template as JSON (to save, edit and load back).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(SluiceJson.Options) { WriteIndented = true });

    /// <summary>The messages for one request: system, examples, then the user turn with <paramref name="values"/> filled in.</summary>
    public IReadOnlyList<ChatMessage> Render(IReadOnlyDictionary<string, string> values)
    {
        var messages = new List<ChatMessage>(2 + Examples.Count * 2);
        if (!string.IsNullOrEmpty(System)) messages.Add(new ChatMessage(ChatRole.System, Fill(System, values)));
        foreach (var e in Examples)
        {
            messages.Add(new ChatMessage(ChatRole.User, e.User));
            messages.Add(new ChatMessage(ChatRole.Assistant, e.Assistant));
        }
        messages.Add(new ChatMessage(ChatRole.User, Fill(User, values)));
        return messages;
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var s = template;
        foreach (var (name, value) in values) s = s.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return s;
    }
}
