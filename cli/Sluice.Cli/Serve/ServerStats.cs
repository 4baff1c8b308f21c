using System.Diagnostics;
using System.Text.Json.Serialization;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Cli.Serve;

/// <summary>What a running server has answered so far; thread-safe counters and a latency histogram.</summary>
internal sealed class ServerStats
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly LatencyHistogram _latency = new();
    private long _requests, _queries, _clientErrors, _serverErrors, _refused;

    public void Answered(int queries, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _queries, queries);
        _latency.Add(latency);
    }

    public void ClientError() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _clientErrors); }

    public void ServerError() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _serverErrors); }

    public void Refused() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _refused); }

    public ServerStatsSnapshot Snapshot(IEnumerable<ServedDatastore> datastores) => new(
        Math.Round(_uptime.Elapsed.TotalSeconds, 1), Interlocked.Read(ref _requests), Interlocked.Read(ref _queries),
        Interlocked.Read(ref _clientErrors), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _refused),
        _latency.Percentile(0.5), _latency.Percentile(0.99), _latency.Max,
        datastores.Select(d => new DatastoreStats(d.Name, d.Index.Uri, d.Index.Count, d.Index.Dimension,
            d.Index.Metadata.GetValueOrDefault("model"), d.Index.Fingerprint)).ToArray());
}

/// <summary>The answer to <c>GET /stats</c>; latencies are of answered search requests, in milliseconds.</summary>
public sealed record ServerStatsSnapshot(
    [property: JsonPropertyName("uptime_s")] double UptimeSeconds,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("queries")] long Queries,
    [property: JsonPropertyName("client_errors")] long ClientErrors,
    [property: JsonPropertyName("server_errors")] long ServerErrors,
    [property: JsonPropertyName("refused")] long Refused,
    [property: JsonPropertyName("latency_p50_ms")] double LatencyP50Ms,
    [property: JsonPropertyName("latency_p99_ms")] double LatencyP99Ms,
    [property: JsonPropertyName("latency_max_ms")] double LatencyMaxMs,
    [property: JsonPropertyName("datastores")] IReadOnlyList<DatastoreStats> Datastores);

/// <summary>One served datastore in <c>GET /stats</c>.</summary>
public sealed record DatastoreStats(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("passages")] int Passages,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
