namespace Sluice.Operators.Models.Embedding;

/// <summary>Options of <see cref="OpenAiEmbeddingClient"/>; validated when the client is created.</summary>
public sealed record OpenAiEmbeddingOptions
{
    /// <summary>
    /// Base address of the OpenAI-compatible API, including its version segment, e.g. <c>https://api.openai.com/v1</c>;
    /// requests go to <c>{BaseUrl}/embeddings</c>. Required; must be absolute http or https.
    /// </summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Model name sent with every request (e.g. <c>text-embedding-3-small</c>). Required.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// Name of the environment variable holding the API key, read once when the client is created and sent as a
    /// bearer token; when the variable is unset or empty no Authorization header is sent. The key is never logged nor
    /// put in exception messages. Default <c>OPENAI_API_KEY</c>.
    /// </summary>
    public string ApiKeyEnvironmentVariable { get; init; } = "OPENAI_API_KEY";

    /// <summary>Inputs per request. Default 64; must be at least 1.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Expected vector length; when set, a response with any other length is an error. Default <c>null</c> (any length,
    /// but all vectors of one client must agree).
    /// </summary>
    public int? Dimensions { get; init; }

    /// <summary>
    /// Whether <see cref="Dimensions"/> is also sent as the request's <c>dimensions</c> field (only some models accept it).
    /// Default <c>false</c>.
    /// </summary>
    public bool SendDimensions { get; init; }

    /// <summary>Time limit of one HTTP attempt, response body included. Default 60 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 429, 5xx, connection errors and timeouts. Default 6; 0 disables.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>Base delay of the exponential back-off (with jitter) when the server gives no Retry-After. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, Retry-After included. Default 60 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseUrl, nameof(BaseUrl));
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"BaseUrl must be an absolute http or https address; got '{BaseUrl}'.", nameof(BaseUrl));
        if (string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException("Model must be set.", nameof(Model));
        if (string.IsNullOrWhiteSpace(ApiKeyEnvironmentVariable))
            throw new ArgumentException("ApiKeyEnvironmentVariable must be set.", nameof(ApiKeyEnvironmentVariable));
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (Dimensions is < 1)
            throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "Dimensions must be at least 1 when set.");
        if (SendDimensions && Dimensions is null)
            throw new ArgumentException("SendDimensions needs Dimensions.", nameof(SendDimensions));
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
        if (MaxRetryAttempts < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "MaxRetryAttempts must not be negative.");
        if (RetryBaseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay must not be negative.");
        if (MaxRetryDelay < RetryBaseDelay)
            throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "MaxRetryDelay must be at least RetryBaseDelay.");
    }
}
