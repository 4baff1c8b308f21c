namespace Sluice.Operators.Llm.Endpoints;

/// <summary>A copy of an endpoint's counters (see <see cref="EndpointStats"/>); serialises to snake_case JSON.</summary>
/// <param name="Endpoint">The endpoint's name.</param>
/// <param name="Attempts">Attempts sent, retries included.</param>
/// <param name="Succeeded">Attempts answered.</param>
/// <param name="Failed">Attempts that failed (any reason).</param>
/// <param name="Retries">Retries scheduled.</param>
/// <param name="Throttled">429 answers.</param>
/// <param name="ServerErrors">Other retryable statuses (5xx, 408, …).</param>
/// <param name="Timeouts">Attempts that timed out.</param>
/// <param name="ConnectionErrors">Refused or dropped connections.</param>
/// <param name="MalformedResponses">200 answers whose body was not a completion.</param>
/// <param name="InputTokens">Prompt tokens the endpoint reported.</param>
/// <param name="OutputTokens">Completion tokens the endpoint reported.</param>
/// <param name="CostUsd">Cost from the configured prices, or null when none is configured.</param>
/// <param name="CacheHits">Requests answered from the response cache.</param>
/// <param name="CacheMisses">Requests sent because the cache did not hold them.</param>
/// <param name="LatencyP50Ms">Median latency of answered attempts, ms.</param>
/// <param name="LatencyP90Ms">90th percentile, ms.</param>
/// <param name="LatencyP99Ms">99th percentile, ms.</param>
/// <param name="LatencyMaxMs">Slowest answered attempt, ms.</param>
/// <param name="ConcurrencyLimit">The adaptive limit now.</param>
/// <param name="ConcurrencyLimitMin">The lowest the limit went.</param>
/// <param name="LimitDecreases">Multiplicative decreases applied.</param>
/// <param name="CircuitOpenings">Times the circuit opened.</param>
/// <param name="PausedSeconds">Seconds spent with the circuit open (closed pauses only).</param>
public sealed record EndpointStatsSnapshot(string Endpoint, long Attempts, long Succeeded, long Failed, long Retries, long Throttled,
    long ServerErrors, long Timeouts, long ConnectionErrors, long MalformedResponses, long InputTokens, long OutputTokens, decimal? CostUsd,
    long CacheHits, long CacheMisses, double LatencyP50Ms, double LatencyP90Ms, double LatencyP99Ms, double LatencyMaxMs,
    int ConcurrencyLimit, int ConcurrencyLimitMin, long LimitDecreases, long CircuitOpenings, double PausedSeconds);
