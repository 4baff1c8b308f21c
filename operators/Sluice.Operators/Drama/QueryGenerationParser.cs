namespace Sluice.Operators.Drama;

/// <summary>
/// Parses <c>Task: … / Query: … / Language: …</c> answers the way the published recipe does: split on
/// <c>\nQuery:</c>, then on <c>\nLanguage:</c>. Pure.
/// </summary>
public static class QueryGenerationParser
{
    /// <summary>The parsed answer, or null with <paramref name="reason"/> saying why it is unusable.</summary>
    public static GeneratedQuery? Parse(string? output, out string? reason)
    {
        var text = (output ?? "").Replace("\r\n", "\n").Trim();
        if (text.Length == 0) { reason = "model returned no text"; return null; }
        var q = text.IndexOf("\nQuery:", StringComparison.Ordinal);
        if (q < 0) { reason = "no \"Query:\" line"; return null; }
        var rest = text[(q + "\nQuery:".Length)..];
        var l = rest.IndexOf("\nLanguage:", StringComparison.Ordinal);
        if (l < 0) { reason = "no \"Language:\" line after the query"; return null; }
        var task = text[..q].Trim();
        if (task.StartsWith("Task:", StringComparison.Ordinal)) task = task["Task:".Length..].Trim();
        var query = rest[..l].Trim();
        var language = rest[(l + "\nLanguage:".Length)..].Trim();
        var newline = language.IndexOf('\n');
        if (newline >= 0) language = language[..newline].Trim();
        if (query.Length == 0) { reason = "empty query"; return null; }
        reason = null;
        return new GeneratedQuery(task, query, language);
    }
}
