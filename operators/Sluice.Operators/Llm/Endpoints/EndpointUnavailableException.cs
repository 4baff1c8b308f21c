namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// An endpoint could not answer a request: its retries ran out, or it stayed down longer than
/// <see cref="EndpointGovernanceOptions.MaxOutage"/>. Nothing was answered for the request, so a resumed run sends it again;
/// answers already received are in the response cache.
/// </summary>
public sealed class EndpointUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
