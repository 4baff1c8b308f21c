using Microsoft.Extensions.AI;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Factories for the chat endpoints LLM operators take: an OpenAI-compatible server, or any <see cref="IChatClient"/>
/// (LLamaSharp's in <c>Sluice.Operators.Llama</c>), wrapped as cache → governance → client. The returned client
/// answers <c>GetService&lt;EndpointStats&gt;()</c>.
/// </summary>
public static class ChatEndpoints
{
    /// <summary>An OpenAI-compatible server under governance, with a response cache when <paramref name="cacheUri"/> is given.</summary>
    /// <param name="options">Server, model and the environment variable of the key.</param>
    /// <param name="governance">Limits, retries, circuit; null means defaults.</param>
    /// <param name="cacheUri">The store of the response cache: the run folder or any folder or <c>s3://</c> prefix; answers go under <c>cache/</c>. Null: no cache.</param>
    /// <param name="httpClient">HTTP client to use; null creates one.</param>
    /// <exception cref="ArgumentException">An option is invalid (checked here, before any request).</exception>
    public static IChatClient OpenAiCompatible(OpenAiCompatibleOptions options, EndpointGovernanceOptions? governance = null, string? cacheUri = null,
        HttpClient? httpClient = null)
    {
        var raw = new OpenAiCompatibleChatClient(options, httpClient);
        return Govern(raw, options.DisplayName, governance, cacheUri is null ? null : ResponseCache.Open(cacheUri));
    }

    /// <summary>Wraps any client: <paramref name="cache"/> (when given) in front of <see cref="GovernedChatClient"/>.</summary>
    /// <param name="client">The client that sends one attempt per call.</param>
    /// <param name="name">The endpoint's name in stats and messages.</param>
    /// <param name="governance">Limits, retries, circuit; null means defaults.</param>
    /// <param name="cache">The response cache; null for none.</param>
    /// <param name="timeProvider">Clock; null means the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">A governance option is out of range.</exception>
    public static IChatClient Govern(IChatClient client, string name, EndpointGovernanceOptions? governance = null, ResponseCache? cache = null,
        TimeProvider? timeProvider = null)
    {
        var governed = new GovernedChatClient(client, name, governance, null, timeProvider);
        var model = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? name;
        return cache is null ? governed : new ResponseCacheChatClient(governed, cache, governed.Stats, model);
    }

    /// <summary>The stats of a client built here (or any client that offers <see cref="EndpointStats"/>); null otherwise.</summary>
    public static EndpointStats? StatsOf(IChatClient client) => client.GetService<EndpointStats>();
}
