using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Content-addressed chat answers in an object store (the run folder, a local folder or S3), shared by every rank and
/// every later run, under <c>cache/&lt;first two hex digits&gt;/&lt;hash&gt;.json</c>, with an in-memory layer in front.
/// Objects are written once (<c>If-None-Match</c>): concurrent writers of one key agree on the first answer.
/// Thread-safe.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly IObjectStore _store;
    private readonly bool _ownsStore;
    private readonly ConcurrentDictionary<string, CachedChatResponse> _memory = new(StringComparer.Ordinal);
    private readonly int _memoryLimit;

    /// <summary>A cache over <paramref name="store"/>.</summary>
    /// <param name="store">Where answers live.</param>
    /// <param name="prefix">Key prefix inside the store. Default <c>cache/</c>.</param>
    /// <param name="memoryEntries">Answers kept in memory at most (later ones are still read from the store). Default 100 000.</param>
    /// <param name="ownsStore">Dispose <paramref name="store"/> with the cache. Default false.</param>
    public ResponseCache(IObjectStore store, string prefix = RunLayout.ResponseCacheFolder, int memoryEntries = 100_000, bool ownsStore = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryEntries);
        _store = store;
        _ownsStore = ownsStore;
        Prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        _memoryLimit = memoryEntries;
    }

    /// <summary>A cache in the store at <paramref name="uri"/> (local path, <c>file://</c> or <c>s3://</c>), which it owns.</summary>
    public static ResponseCache Open(string uri) => new(ObjectStores.Open(uri), ownsStore: true);

    /// <summary>The key prefix.</summary>
    public string Prefix { get; }

    /// <summary>The store root.</summary>
    public string RootUri => _store.RootUri;

    /// <summary>The object key of a request hash.</summary>
    public string ObjectKey(string hash) => $"{Prefix}{hash[..2]}/{hash}.json";

    /// <summary>The stored answer for <paramref name="hash"/>, or null.</summary>
    /// <exception cref="InvalidDataException">The object is not a cached answer for this hash.</exception>
    public async Task<CachedChatResponse?> TryGetAsync(string hash, CancellationToken ct = default)
    {
        if (_memory.TryGetValue(hash, out var hit)) return hit;
        var key = ObjectKey(hash);
        CachedChatResponse? stored;
        try
        {
            await using var stream = await _store.OpenReadAsync(key, ct);
            stored = await JsonSerializer.DeserializeAsync<CachedChatResponse>(stream, SluiceJson.Options, ct);
        }
        catch (ObjectNotFoundException) { return null; }
        catch (JsonException e) { throw new InvalidDataException($"{ObjectKey(hash)} in {_store.RootUri} is not a cached answer: {e.Message}", e); }
        if (stored is null || stored.Key != hash) throw new InvalidDataException($"{key} in {_store.RootUri} holds the answer of another request");
        Remember(stored);
        return stored;
    }

    /// <summary>Stores an answer unless one is already stored for its key; returns the answer that is kept.</summary>
    public async Task<CachedChatResponse> PutAsync(CachedChatResponse answer, CancellationToken ct = default)
    {
        var written = await _store.PutAsync(ObjectKey(answer.Key), JsonSerializer.SerializeToUtf8Bytes(answer, SluiceJson.Options), ifNoneMatch: true, ct);
        var kept = written ? answer : await TryGetAsync(answer.Key, ct) ?? answer;
        Remember(kept);
        return kept;
    }

    private void Remember(CachedChatResponse answer)
    {
        if (_memory.Count < _memoryLimit) _memory.TryAdd(answer.Key, answer);
    }

    /// <summary>Disposes the store when the cache owns it.</summary>
    public void Dispose()
    {
        if (_ownsStore) _store.Dispose();
    }
}
