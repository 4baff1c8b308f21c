namespace Sluice.Operators.Llm.Endpoints;

/// <summary>Where an OpenAI-compatible chat server is (vLLM, llama.cpp server, Ollama, OpenAI) and which model to ask.</summary>
public sealed record OpenAiCompatibleOptions
{
    /// <summary>The API root, e.g. <c>http://localhost:8000/v1</c>; <c>chat/completions</c> is appended. Required.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The model name sent with every request. Required.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The environment variable holding the API key, read when the client is created. Default <c>OPENAI_API_KEY</c>;
    /// when it is unset or empty no <c>Authorization</c> header is sent. The key is never logged nor put in a message.
    /// </summary>
    public string ApiKeyEnvironmentVariable { get; init; } = "OPENAI_API_KEY";

    /// <summary>The endpoint's name in stats, logs and errors. Default: the model and host, <c>model@host:port</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The name used in stats and messages.</summary>
    public string DisplayName => Name ?? $"{Model}@{BaseUrl.Authority}";

    /// <summary>Throws on a value that cannot work.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or the model is empty.</exception>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"BaseUrl must be an absolute http(s) URL, got '{BaseUrl}'", nameof(BaseUrl));
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("Model is required", nameof(Model));
        if (string.IsNullOrWhiteSpace(ApiKeyEnvironmentVariable)) throw new ArgumentException("ApiKeyEnvironmentVariable is required", nameof(ApiKeyEnvironmentVariable));
    }
}
