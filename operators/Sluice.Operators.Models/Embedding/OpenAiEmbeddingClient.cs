using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Sluice.Operators.Models.Embedding;

/// <summary>
/// Embeddings from any OpenAI-compatible <c>POST /v1/embeddings</c> server (OpenAI, vLLM, TEI, llama.cpp, Ollama…).
/// </summary>
/// <remarks>
/// Inputs are sent in batches of <see cref="OpenAiEmbeddingOptions.BatchSize"/>, one request at a time. Each request is
/// retried with exponential back-off and jitter on 429, 5xx, connection errors and per-attempt timeouts, waiting what a
/// <c>Retry-After</c> header asks when present. Every response is checked: one vector per input, indices complete, and
/// every vector of the expected length. Safe to use from several threads at once.
/// </remarks>
public sealed class OpenAiEmbeddingClient : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private int _observedDimensions;

    /// <summary>Creates a client; no request is sent until the first embedding call.</summary>
    /// <param name="options">Endpoint, model and policy options.</param>
    /// <param name="httpClient">Client to send with; <c>null</c> creates one that this instance owns and disposes. A given
    /// client's own <see cref="HttpClient.Timeout"/> still applies on top of <see cref="OpenAiEmbeddingOptions.RequestTimeout"/>.</param>
    /// <param name="timeProvider">Clock for retry delays and timeouts; <c>null</c> means <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public OpenAiEmbeddingClient(OpenAiEmbeddingOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var baseText = options.BaseUrl.AbsoluteUri;
        _endpoint = new Uri(baseText.EndsWith('/') ? baseText + "embeddings" : baseText + "/embeddings");
        var key = Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        _authorization = string.IsNullOrEmpty(key) ? null : new AuthenticationHeaderValue("Bearer", key);
        _pipeline = BuildPipeline(options, timeProvider ?? TimeProvider.System);
        Metadata = new EmbeddingGeneratorMetadata("openai-compatible", options.BaseUrl, options.Model, options.Dimensions);
    }

    /// <summary>The options this client was created with.</summary>
    public OpenAiEmbeddingOptions Options { get; }

    /// <summary>Provider "openai-compatible", the base URL, the model and <see cref="OpenAiEmbeddingOptions.Dimensions"/>.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>HTTP attempts sent so far, retries included.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private long _attempts;

    /// <summary>Embeds <paramref name="values"/>, returned in input order.</summary>
    /// <exception cref="InvalidDataException">A response has the wrong count, indices or vector length (message says expected vs got).</exception>
    /// <exception cref="HttpRequestException">The server refused the request, or still failed after every retry.</exception>
    /// <exception cref="TimeoutRejectedException">The last attempt timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var model = options?.ModelId ?? Options.Model;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long inputTokens = 0, totalTokens = 0;
        bool sawUsage = false;
        for (int start = 0; start < texts.Count; start += Options.BatchSize)
        {
            int count = Math.Min(Options.BatchSize, texts.Count - start);
            var batch = new string[count];
            for (int i = 0; i < count; i++)
                batch[i] = texts[start + i] ?? throw new ArgumentNullException(nameof(values), $"Input {start + i} is null.");
            var response = await SendBatchAsync(batch, model, cancellationToken).ConfigureAwait(false);
            var vectors = Validate(response, count, start);
            var created = DateTimeOffset.UtcNow;
            foreach (var v in vectors)
                result.Add(new Embedding<float>(v) { ModelId = response.Model ?? model, CreatedAt = created });
            if (response.Usage is { } u)
            {
                sawUsage = true;
                inputTokens += u.PromptTokens;
                totalTokens += u.TotalTokens;
            }
        }
        if (sawUsage)
            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return Metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Disposes the HTTP client when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    private async Task<EmbeddingResponse> SendBatchAsync(string[] batch, string model, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new EmbeddingRequest(model, batch, "float", Options.SendDimensions ? Options.Dimensions : null), Json);

        using var response = await _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                Interlocked.Increment(ref state.Self._attempts);
                // A request message can be sent once only: build a fresh one per attempt.
                using var request = new HttpRequestMessage(HttpMethod.Post, state.Self._endpoint)
                {
                    Content = new ByteArrayContent(state.Body),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = state.Self._authorization;
                // The default completion option buffers the body, so the per-attempt timeout covers reading it.
                return await state.Self._http.SendAsync(request, ct).ConfigureAwait(false);
            },
            (Self: this, Body: body),
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (text.Length > 500)
                text = text[..500] + "…";
            throw new HttpRequestException(
                $"Embedding request to {_endpoint} failed with {(int)response.StatusCode} {response.StatusCode}: {text}",
                null,
                response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync<EmbeddingResponse>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Embedding response from {_endpoint} was empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Embedding response from {_endpoint} is not valid JSON of the embeddings shape: {e.Message}", e);
        }
    }

    private float[][] Validate(EmbeddingResponse response, int expected, int firstInput)
    {
        var data = response.Data
            ?? throw new InvalidDataException($"Embedding response from {_endpoint} has no 'data' array; expected {expected} vectors.");
        if (data.Length != expected)
            throw new InvalidDataException(
                $"Embedding response from {_endpoint}: expected {expected} vectors, got {data.Length} (inputs {firstInput}..{firstInput + expected - 1}).");

        var vectors = new float[expected][];
        foreach (var item in data)
        {
            if (item.Index < 0 || item.Index >= expected)
                throw new InvalidDataException(
                    $"Embedding response from {_endpoint}: expected indices 0..{expected - 1}, got {item.Index}.");
            if (vectors[item.Index] is not null)
                throw new InvalidDataException(
                    $"Embedding response from {_endpoint}: expected each index once, got index {item.Index} twice.");
            var v = item.Embedding
                ?? throw new InvalidDataException($"Embedding response from {_endpoint}: index {item.Index} has no 'embedding'.");
            int want = Options.Dimensions ?? Volatile.Read(ref _observedDimensions);
            if (want == 0)
                want = Interlocked.CompareExchange(ref _observedDimensions, v.Length, 0) is var prior && prior == 0 ? v.Length : prior;
            if (v.Length != want)
                throw new InvalidDataException(
                    $"Embedding response from {_endpoint}: expected {want} dimensions, got {v.Length} (input {firstInput + item.Index}).");
            vectors[item.Index] = v;
        }
        return vectors;
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(OpenAiEmbeddingOptions options, TimeProvider clock)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, clock, options.MaxRetryDelay)),
            });
        }
        // Inside the retry, so each attempt gets its own time limit.
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    private static bool IsTransient(HttpStatusCode status)
        => status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        if (wait is null)
            return null;   // no header: Polly's exponential back-off with jitter
        if (wait < TimeSpan.Zero)
            return TimeSpan.Zero;
        return wait > max ? max : wait;
    }

    private sealed record EmbeddingRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string[] Input,
        [property: JsonPropertyName("encoding_format")] string EncodingFormat,
        [property: JsonPropertyName("dimensions")] int? Dimensions);

    private sealed class EmbeddingResponse
    {
        [JsonPropertyName("data")] public EmbeddingItem[]? Data { get; set; }
        [JsonPropertyName("model")] public string? Model { get; set; }
        [JsonPropertyName("usage")] public EmbeddingUsage? Usage { get; set; }
    }

    private sealed class EmbeddingItem
    {
        [JsonPropertyName("index")] public int Index { get; set; }
        [JsonPropertyName("embedding")] public float[]? Embedding { get; set; }
    }

    private sealed class EmbeddingUsage
    {
        [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; set; }
        [JsonPropertyName("total_tokens")] public long TotalTokens { get; set; }
    }
}
