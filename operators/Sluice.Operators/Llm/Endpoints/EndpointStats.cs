using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Pipelines.Commit;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// The counters of one endpoint for a run: attempts, retries, errors by kind, tokens, cost, latency percentiles,
/// response-cache hits and misses, the adaptive limit and circuit pauses. Updated by the governed client and the
/// response cache; thread-safe. Latency and failures also go to <see cref="EndpointInstruments"/> for metrics listeners. <see cref="Snapshot"/> gives a JSON-ready copy, <c>SaveAsync</c> writes it.
/// </summary>
public sealed class EndpointStats(string endpoint)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly LatencyHistogram _latency = new();
    private readonly object _costLock = new();
    private long _attempts, _succeeded, _failed, _retries, _throttled, _serverErrors, _timeouts, _connectionErrors, _malformed;
    private long _inputTokens, _outputTokens, _cacheHits, _cacheMisses, _circuitOpenings, _pausedTicks, _limitDecreases;
    private int _limit, _minLimit = int.MaxValue;
    private decimal? _cost;
    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private volatile string? _autoSaveUri;

    /// <summary>The endpoint's name.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>Attempts sent to the endpoint (retries included; cache hits excluded).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Requests answered by the endpoint.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Retries scheduled.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>429 answers.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Requests answered from the response cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Requests the response cache did not hold.</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    internal void AddAttempt() => Interlocked.Increment(ref _attempts);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddCacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void AddCacheMiss() => Interlocked.Increment(ref _cacheMisses);

    internal void AddCircuitOpening() => Interlocked.Increment(ref _circuitOpenings);

    internal void AddPause(TimeSpan pause) => Interlocked.Add(ref _pausedTicks, pause.Ticks);

    internal void SetLimit(int limit, bool decreased)
    {
        Volatile.Write(ref _limit, limit);
        if (decreased) Interlocked.Increment(ref _limitDecreases);
        int seen;
        while (limit < (seen = Volatile.Read(ref _minLimit)) && Interlocked.CompareExchange(ref _minLimit, limit, seen) != seen) { }
    }

    internal void AddSuccess(TimeSpan latency, long? inputTokens, long? outputTokens, EndpointGovernanceOptions options)
    {
        Interlocked.Increment(ref _succeeded);
        _latency.Add(latency);
        EndpointInstruments.Latency.Record(latency.TotalMilliseconds, EndpointInstruments.Tag(Endpoint));
        Interlocked.Add(ref _inputTokens, inputTokens ?? 0);
        Interlocked.Add(ref _outputTokens, outputTokens ?? 0);
        if (options.InputPricePerMillionTokens is null && options.OutputPricePerMillionTokens is null) return;
        var cost = (inputTokens ?? 0) * (options.InputPricePerMillionTokens ?? 0) / 1_000_000m
                 + (outputTokens ?? 0) * (options.OutputPricePerMillionTokens ?? 0) / 1_000_000m;
        lock (_costLock) _cost = (_cost ?? 0) + cost;
    }

    internal void AddFailure(Exception error)
    {
        Interlocked.Increment(ref _failed);
        EndpointInstruments.Failures.Add(1, EndpointInstruments.Tag(Endpoint));
        switch (error)
        {
            case EndpointHttpException { StatusCode: System.Net.HttpStatusCode.TooManyRequests }: Interlocked.Increment(ref _throttled); break;
            case EndpointHttpException { IsRetryable: true }: Interlocked.Increment(ref _serverErrors); break;
            case TimeoutException or Polly.Timeout.TimeoutRejectedException: Interlocked.Increment(ref _timeouts); break;
            case HttpRequestException or IOException: Interlocked.Increment(ref _connectionErrors); break;
            case EndpointResponseException: Interlocked.Increment(ref _malformed); break;
        }
    }

    /// <summary>A consistent-enough copy of every counter, with latency percentiles in milliseconds.</summary>
    public EndpointStatsSnapshot Snapshot()
    {
        decimal? cost;
        lock (_costLock) cost = _cost;
        var minLimit = Volatile.Read(ref _minLimit);
        return new EndpointStatsSnapshot(Endpoint, Attempts, Succeeded, Interlocked.Read(ref _failed), Retries, Throttled,
            Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _connectionErrors), Interlocked.Read(ref _malformed),
            Interlocked.Read(ref _inputTokens), Interlocked.Read(ref _outputTokens), cost is null ? null : Math.Round(cost.Value, 6),
            CacheHits, CacheMisses, _latency.Percentile(0.5), _latency.Percentile(0.9), _latency.Percentile(0.99), _latency.Max,
            Volatile.Read(ref _limit), minLimit == int.MaxValue ? Volatile.Read(ref _limit) : minLimit, Interlocked.Read(ref _limitDecreases),
            Interlocked.Read(ref _circuitOpenings), Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _pausedTicks)).TotalSeconds, 3));
    }

    /// <summary>Writes <see cref="Snapshot"/> as indented JSON to <paramref name="key"/> of <paramref name="store"/> (replacing it).</summary>
    public Task SaveAsync(IObjectStore store, string key = RunLayout.EndpointStatsKey, CancellationToken ct = default) =>
        store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(Snapshot(), Json), ct: ct);

    /// <summary>Writes <see cref="Snapshot"/> as JSON to a file or object URI (<c>out/run/endpoint-stats.json</c>, <c>s3://…</c>).</summary>
    public async Task SaveAsync(string uri, CancellationToken ct = default)
    {
        var slash = uri.TrimEnd('/').LastIndexOf('/');
        using var store = ObjectStores.Open(slash <= 0 ? "." : uri[..slash]);
        await SaveAsync(store, uri[(slash + 1)..], ct);
    }

    /// <summary>
    /// Makes the operators that use this endpoint write the stats to <paramref name="uri"/> (e.g.
    /// <c>out/run/endpoint-stats.json</c>) after each batch they finish, so the file is current when the run ends.
    /// </summary>
    public EndpointStats AutoSaveTo(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        _autoSaveUri = uri;
        return this;
    }

    /// <summary>Where <see cref="AutoSaveTo"/> writes, or null.</summary>
    public string? AutoSaveUri => _autoSaveUri;

    /// <summary>Writes to <see cref="AutoSaveUri"/> when one is set; one write at a time, each with the latest counters.</summary>
    public async Task SaveIfConfiguredAsync(CancellationToken ct = default)
    {
        if (_autoSaveUri is null) return;
        await _saveLock.WaitAsync(ct);
        try { await SaveAsync(_autoSaveUri, ct); }
        finally { _saveLock.Release(); }
    }

    /// <summary>The snapshot as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(Snapshot(), Json);
}
