using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// One attempt per call at <c>POST {BaseUrl}/chat/completions</c> of an OpenAI-compatible server. It does not retry,
/// limit or cache: wrap it with <see cref="ChatEndpoints.Govern"/> (the factories in <see cref="ChatEndpoints"/> do).
/// </summary>
/// <remarks>
/// Sent: <c>model</c>, <c>messages</c> (text, and images as <c>image_url</c> data-URI parts), and from <see cref="ChatOptions"/> <c>temperature</c>, <c>top_p</c>,
/// <c>top_k</c>, <c>max_tokens</c>, <c>seed</c>, <c>stop</c>, <c>frequency_penalty</c>, <c>presence_penalty</c>, plus every
/// <see cref="ChatOptions.AdditionalProperties"/> entry as a top-level field (e.g. <c>grammar</c> for llama.cpp server,
/// <c>guided_grammar</c> for vLLM). HTTP errors throw <see cref="EndpointHttpException"/> with <c>Retry-After</c> parsed;
/// a 200 whose body is not a completion throws <see cref="EndpointResponseException"/>. Thread-safe.
/// </remarks>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a client; nothing is sent until the first call.</summary>
    /// <param name="options">Server and model.</param>
    /// <param name="httpClient">Client to send with; null creates one (no timeout of its own: the governance layer times attempts out).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public OpenAiCompatibleChatClient(OpenAiCompatibleOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var root = options.BaseUrl.AbsoluteUri;
        _endpoint = new Uri(root.EndsWith('/') ? root + "chat/completions" : root + "/chat/completions");
        var key = Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        _authorization = string.IsNullOrEmpty(key) ? null : new AuthenticationHeaderValue("Bearer", key);
        Metadata = new ChatClientMetadata("openai-compatible", options.BaseUrl, options.Model);
    }

    /// <summary>The options this client was created with.</summary>
    public OpenAiCompatibleOptions Options { get; }

    /// <summary>Provider <c>openai-compatible</c>, the base URL and the model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Sends one request.</summary>
    /// <exception cref="EndpointHttpException">The server answered an error status.</exception>
    /// <exception cref="EndpointAuthenticationException">The server answered 401 or 403.</exception>
    /// <exception cref="EndpointResponseException">The body is not a chat completion.</exception>
    /// <exception cref="HttpRequestException">The connection failed or dropped.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BuildBody(messages, options);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new EndpointAuthenticationException(
                    $"endpoint '{Options.DisplayName}' refused the API key taken from ${Options.ApiKeyEnvironmentVariable} " +
                    $"({(int)response.StatusCode} {response.StatusCode}{(_authorization is null ? "; the variable is not set" : "")}); check the key — the run stops",
                    new EndpointHttpException(Options.DisplayName, response.StatusCode, null, null));
            throw new EndpointHttpException(Options.DisplayName, response.StatusCode, RetryAfterOf(response), text);
        }
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

    /// <summary>The delay a response's <c>Retry-After</c> asks for (seconds or an HTTP date), or null.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        // Some servers send fractional seconds, which the typed header rejects.
        if (response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return null;
    }

    private byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var json = new JsonObject { ["model"] = options?.ModelId ?? Options.Model };
        var list = new JsonArray();
        foreach (var m in messages) list.Add(new JsonObject { ["role"] = m.Role.Value, ["content"] = Content(m) });
        json["messages"] = list;
        if (options is not null)
        {
            if (options.Temperature is { } t) json["temperature"] = t;
            if (options.TopP is { } p) json["top_p"] = p;
            if (options.TopK is { } k) json["top_k"] = k;
            if (options.MaxOutputTokens is { } max) json["max_tokens"] = max;
            if (options.Seed is { } seed) json["seed"] = seed;
            if (options.FrequencyPenalty is { } fp) json["frequency_penalty"] = fp;
            if (options.PresencePenalty is { } pp) json["presence_penalty"] = pp;
            if (options.StopSequences is { Count: > 0 } stop) json["stop"] = new JsonArray(stop.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            if (options.AdditionalProperties is { } extra)
                foreach (var (name, value) in extra)
                    json[name] = JsonSerializer.SerializeToNode(value);
        }
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>Plain text for text-only messages; the multi-part form (text and <c>image_url</c> parts) when a message carries images.</summary>
    private static JsonNode Content(ChatMessage m)
    {
        if (m.Contents.All(c => c is TextContent)) return JsonValue.Create(m.Text);
        var parts = new JsonArray();
        foreach (var c in m.Contents)
        {
            parts.Add(c switch
            {
                TextContent t => new JsonObject { ["type"] = "text", ["text"] = t.Text },
                DataContent d when d.HasTopLevelMediaType("image") => new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = d.Uri } },
                UriContent u when u.HasTopLevelMediaType("image") => new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = u.Uri.AbsoluteUri } },
                _ => throw new NotSupportedException($"content of type {c.GetType().Name} cannot be sent to an OpenAI-compatible chat endpoint"),
            });
        }
        return parts;
    }

    private ChatResponse Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                throw new EndpointResponseException($"endpoint '{Options.DisplayName}' answered without choices: {Cut(text)}");
            var choice = choices[0];
            string content = choice.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()! : "";
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, content))
            {
                ModelId = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : Options.Model,
                FinishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String
                    ? new ChatFinishReason(finish.GetString()!) : null,
            };
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                response.Usage = new UsageDetails
                {
                    InputTokenCount = usage.TryGetProperty("prompt_tokens", out var i) && i.TryGetInt64(out var iv) ? iv : null,
                    OutputTokenCount = usage.TryGetProperty("completion_tokens", out var o) && o.TryGetInt64(out var ov) ? ov : null,
                    TotalTokenCount = usage.TryGetProperty("total_tokens", out var s) && s.TryGetInt64(out var sv) ? sv : null,
                };
            return response;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new EndpointResponseException($"endpoint '{Options.DisplayName}' answered malformed JSON ({e.Message}): {Cut(text)}", e);
        }
    }

    private static string Cut(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
