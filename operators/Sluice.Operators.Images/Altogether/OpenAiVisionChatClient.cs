using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Sluice.Operators.Endpoints;

namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// One attempt per call at <c>POST {BaseUrl}/chat/completions</c> of an OpenAI-compatible server serving a
/// vision-language model (vLLM, llama.cpp server with a projector, Ollama): messages are sent as content parts, text as
/// <c>{"type":"text"}</c> and images (<see cref="DataContent"/> as a base64 <c>data:</c> URI, <see cref="UriContent"/> as its
/// URL) as <c>{"type":"image_url"}</c>; of <see cref="ChatOptions"/> it sends the model, temperature, top-p, max tokens and seed
/// (additional properties are not sent: they carry cache-key facts such as the image hash). Like the endpoint layer's text client it neither retries, limits nor caches:
/// wrap it with the endpoint layer's governance. HTTP errors throw <see cref="EndpointHttpException"/>. Thread-safe.
/// </summary>
public sealed class OpenAiVisionChatClient : IChatClient
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a client; nothing is sent until the first call.</summary>
    /// <param name="options">Server, model and API key variable (the endpoint layer's options).</param>
    /// <param name="httpClient">Client to send with; null creates one without a timeout of its own (governance times attempts out).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public OpenAiVisionChatClient(OpenAiCompatibleOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
        _endpoint = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        var key = Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        _authorization = string.IsNullOrEmpty(key) ? null : new AuthenticationHeaderValue("Bearer", key);
        Metadata = new ChatClientMetadata("openai-compatible-vision", options.BaseUrl, options.Model);
    }

    /// <summary>The options this client was created with.</summary>
    public OpenAiCompatibleOptions Options { get; }

    /// <summary>Provider <c>openai-compatible-vision</c>, the base URL and the model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Sends one request.</summary>
    /// <exception cref="EndpointHttpException">The server answered an error status.</exception>
    /// <exception cref="EndpointResponseException">The body is not a chat completion.</exception>
    /// <exception cref="HttpRequestException">The connection failed.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(Body(messages, options)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new EndpointHttpException(Options.DisplayName, response.StatusCode, response.Headers.RetryAfter?.Delta, text);
        return Parse(text);
    }

    /// <summary>Not streamed: the whole answer is fetched, then returned as updates.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Disposes the HTTP client when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <summary>The request body for <paramref name="messages"/> (exposed for tests).</summary>
    internal byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = new JsonArray();
        foreach (var m in messages)
        {
            var parts = new JsonArray();
            foreach (var c in m.Contents)
            {
                switch (c)
                {
                    case TextContent t:
                        parts.Add(new JsonObject { ["type"] = "text", ["text"] = t.Text });
                        break;
                    case DataContent d when d.HasTopLevelMediaType("image"):
                        parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = d.Uri } });
                        break;
                    case UriContent u when u.HasTopLevelMediaType("image"):
                        parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = u.Uri.AbsoluteUri } });
                        break;
                    default:
                        throw new NotSupportedException($"content of type {c.GetType().Name} cannot be sent to an OpenAI-compatible chat endpoint");
                }
            }
            list.Add(new JsonObject { ["role"] = m.Role.Value, ["content"] = parts });
        }
        var json = new JsonObject { ["model"] = options?.ModelId ?? Options.Model, ["messages"] = list };
        if (options?.Temperature is { } temperature) json["temperature"] = temperature;
        if (options?.TopP is { } topP) json["top_p"] = topP;
        if (options?.MaxOutputTokens is { } max) json["max_tokens"] = max;
        if (options?.Seed is { } seed) json["seed"] = seed;
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private ChatResponse Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                throw new EndpointResponseException($"endpoint '{Options.DisplayName}' answered without choices");
            var choice = choices[0];
            var content = choice.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()! : "";
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, content))
            {
                ModelId = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : Options.Model,
                FinishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String
                    ? new ChatFinishReason(finish.GetString()!) : null,
            };
        }
        catch (JsonException e)
        {
            throw new EndpointResponseException($"endpoint '{Options.DisplayName}' answered malformed JSON ({e.Message})", e);
        }
    }
}
