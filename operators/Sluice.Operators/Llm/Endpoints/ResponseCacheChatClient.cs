using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Answers a request from a <see cref="ResponseCache"/> when it holds the same (model, decoding parameters, messages),
/// and otherwise asks the inner client and stores the answer, so a resumed or repeated run sends no request that was
/// already answered. Identical requests in flight at once share one call (made with the first caller's cancellation token). Errors are not cached. Hits and misses are
/// counted in <see cref="EndpointStats"/>.
/// </summary>
public sealed class ResponseCacheChatClient : DelegatingChatClient
{
    private readonly ResponseCache _cache;
    private readonly string _model;
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedChatResponse>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the caching layer.</summary>
    /// <param name="inner">The client asked on a miss (usually a <see cref="GovernedChatClient"/>).</param>
    /// <param name="cache">Where answers are kept.</param>
    /// <param name="stats">Counters for hits and misses; null takes the inner client's <see cref="EndpointStats"/>, or a new one.</param>
    /// <param name="model">The model in the key when a request names none; default the inner client's default model.</param>
    public ResponseCacheChatClient(IChatClient inner, ResponseCache cache, EndpointStats? stats = null, string? model = null) : base(inner)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        Stats = stats ?? inner.GetService<EndpointStats>() ?? new EndpointStats(model ?? "endpoint");
        _model = model ?? inner.GetService<ChatClientMetadata>()?.DefaultModelId ?? "";
    }

    /// <summary>The counters this layer updates.</summary>
    public EndpointStats Stats { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        var model = options?.ModelId ?? _model;
        var request = ResponseCacheKey.CanonicalJson(model, options, list);
        var hash = ResponseCacheKey.Compute(model, options, list);
        if (await _cache.TryGetAsync(hash, cancellationToken) is { } hit)
        {
            Stats.AddCacheHit();
            return ToResponse(hit);
        }
        var call = _inFlight.GetOrAdd(hash, _ => new Lazy<Task<CachedChatResponse>>(() => FetchAsync(hash, model, request, list, options, cancellationToken)));
        try
        {
            var answer = await call.Value.WaitAsync(cancellationToken);
            return ToResponse(answer);
        }
        finally
        {
            if (call.Value.IsCompleted) _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<CachedChatResponse>>>(hash, call));
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EndpointStats) ? Stats
        : serviceKey is null && serviceType == typeof(ResponseCache) ? _cache
        : base.GetService(serviceType, serviceKey);

    private async Task<CachedChatResponse> FetchAsync(string hash, string model, string request, IReadOnlyList<ChatMessage> messages,
        ChatOptions? options, CancellationToken ct)
    {
        // A caller that missed the cache just before an earlier identical call finished and left the in-flight table
        // starts a new fetch: the answer is in the cache by then, so look again rather than ask the endpoint twice.
        if (await _cache.TryGetAsync(hash, ct) is { } stored)
        {
            Stats.AddCacheHit();
            return stored;
        }
        Stats.AddCacheMiss();
        var response = await InnerClient.GetResponseAsync(messages, options, ct);
        var answer = new CachedChatResponse(hash, response.ModelId ?? model, response.Text, response.FinishReason?.Value,
            response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, request, DateTimeOffset.UtcNow);
        return await _cache.PutAsync(answer, CancellationToken.None);
    }

    private static ChatResponse ToResponse(CachedChatResponse answer) =>
        new(new ChatMessage(ChatRole.Assistant, answer.Text))
        {
            ModelId = answer.Model,
            FinishReason = answer.FinishReason is null ? null : new ChatFinishReason(answer.FinishReason),
            Usage = new UsageDetails { InputTokenCount = answer.InputTokens, OutputTokenCount = answer.OutputTokens },
        };
}
