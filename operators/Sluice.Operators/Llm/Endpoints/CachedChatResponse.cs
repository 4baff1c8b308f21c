namespace Sluice.Operators.Llm.Endpoints;

/// <summary>A stored answer: the object <c>cache/&lt;hh&gt;/&lt;hash&gt;.json</c> of a response cache.</summary>
/// <param name="Key">The request's hash.</param>
/// <param name="Model">The model the answer came from.</param>
/// <param name="Text">The answer's text.</param>
/// <param name="FinishReason">Why generation stopped, when reported.</param>
/// <param name="InputTokens">Prompt tokens reported for the original request.</param>
/// <param name="OutputTokens">Completion tokens reported.</param>
/// <param name="Request">The canonical request JSON, kept to check the address and to audit what was asked.</param>
/// <param name="CreatedAt">When the answer was received.</param>
public sealed record CachedChatResponse(string Key, string? Model, string Text, string? FinishReason, long? InputTokens, long? OutputTokens,
    string Request, DateTimeOffset CreatedAt);
