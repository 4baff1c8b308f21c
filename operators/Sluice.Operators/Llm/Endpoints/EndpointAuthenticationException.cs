namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// The endpoint refused the API key (401 or 403). The governed client stops at once: this request and every later one
/// throw this exception. The message names the environment variable the key came from, never the key.
/// </summary>
public sealed class EndpointAuthenticationException(string message, Exception? inner = null) : Exception(message, inner);
