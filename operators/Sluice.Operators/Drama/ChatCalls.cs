using System.Net;
using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Drama;

/// <summary>What the DRAMA model operators share: asking a batch at once, one answer per record, and the reject rule.</summary>
internal static class ChatCalls
{
    /// <summary>Asks for every record of the batch at once (the endpoint's adaptive limiter decides how many are in flight), then saves the endpoint's stats.</summary>
    public static async Task<IReadOnlyList<TOut>> EachAsync<TIn, TOut>(IChatClient client, IReadOnlyList<TIn> batch, Func<TIn, Task<TOut>> call, CancellationToken ct)
    {
        var results = await Task.WhenAll(batch.Select(call));
        if (ChatEndpoints.StatsOf(client) is { } stats) await stats.SaveIfConfiguredAsync(ct);
        return results;
    }

    /// <summary>
    /// The answer's text, or why the record is rejected. A request the endpoint refuses for this record alone
    /// (400 "prompt too long", 413, 422) is the record's problem: a reject. Everything else (refused key, endpoint down)
    /// propagates and stops the run; nothing is lost, a resume asks again.
    /// </summary>
    public static async Task<(string? Value, string? Reason)> AskAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken ct)
    {
        try
        {
            var response = await client.GetResponseAsync(messages, options, ct);
            return string.IsNullOrWhiteSpace(response.Text) ? (null, "model returned no text") : (response.Text, null);
        }
        catch (EndpointHttpException e) when (!e.IsRetryable && e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge)
        {
            return (null, $"endpoint refused the request: {e.Message}");
        }
    }

    /// <summary>An answer as a reject reason shows it: at most 400 characters.</summary>
    public static string Raw(string? text) => text is null ? "" : text.Length <= 400 ? text : text[..400] + "…";
}
