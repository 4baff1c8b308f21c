using System.Net;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>An endpoint answered with an HTTP error status. The governed client retries it when <see cref="IsRetryable"/>.</summary>
public sealed class EndpointHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The endpoint's name (never its key).</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="retryAfter">The delay a <c>Retry-After</c> header asked for, if any.</param>
    /// <param name="body">The start of the response body (at most 500 characters are kept).</param>
    public EndpointHttpException(string endpoint, HttpStatusCode status, TimeSpan? retryAfter, string? body)
        : base($"endpoint '{endpoint}' answered {(int)status} {status}{(string.IsNullOrWhiteSpace(body) ? "" : ": " + Cut(body))}")
    {
        Endpoint = endpoint;
        StatusCode = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The endpoint's name.</summary>
    public string Endpoint { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The delay the server asked for with <c>Retry-After</c>, or null.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True for 408, 409, 425, 429 and every 5xx: statuses that another attempt may get past.</summary>
    public bool IsRetryable => (int)StatusCode is 408 or 409 or 425 or 429 or >= 500;

    /// <summary>True for 429 and 503: the server says it is overloaded, so the concurrency limit should drop.</summary>
    public bool IsOverload => StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    /// <summary>True for 401 and 403: the key is wrong or lacks access; no later request will fare better.</summary>
    public bool IsAuthentication => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    private static string Cut(string body) => body.Length <= 500 ? body.Trim() : body[..500].Trim() + "…";
}
