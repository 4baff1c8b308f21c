namespace Sluice.Operators.Llm.Endpoints;

/// <summary>An endpoint answered 200 with a body that is not a chat completion (malformed JSON, no choices). Retried.</summary>
public sealed class EndpointResponseException(string message, Exception? inner = null) : Exception(message, inner);
