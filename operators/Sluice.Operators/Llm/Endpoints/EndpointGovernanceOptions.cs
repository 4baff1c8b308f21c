namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// How a governed endpoint is driven: an adaptive concurrency limit (additive increase, multiplicative decrease on
/// 429, 503 and timeouts), request and token budgets, per-attempt timeouts, jittered retries that honour
/// <c>Retry-After</c>, and a circuit breaker that pauses requests while the endpoint is down.
/// </summary>
public sealed record EndpointGovernanceOptions
{
    /// <summary>Requests in flight at the start. Default 8.</summary>
    public int InitialConcurrency { get; init; } = 8;

    /// <summary>The floor of the adaptive limit. Default 1.</summary>
    public int MinConcurrency { get; init; } = 1;

    /// <summary>The ceiling of the adaptive limit. Default 64.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>
    /// Permits added to the limit per window of successes (a window is as many successes as the current limit), so
    /// the limit grows by about this much per round trip. Default 1 (TCP's congestion avoidance); larger recovers faster.
    /// </summary>
    public double AdditiveIncrease { get; init; } = 1;

    /// <summary>The limit is multiplied by this on 429, 503 or a timeout. Default 0.5; in (0, 1).</summary>
    public double DecreaseFactor { get; init; } = 0.5;

    /// <summary>At most one decrease per this interval, so a burst of 429s from one overload halves the limit once. Default 1 s.</summary>
    public TimeSpan DecreaseCooldown { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests per minute allowed (token bucket, Polly rate limiter); requests wait for budget. Default null: unlimited.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>
    /// Tokens per minute allowed; each request is charged its estimate (prompt characters / 4 plus its
    /// <c>MaxOutputTokens</c>, or 256) before it is sent. Default null: unlimited.
    /// </summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>The timeout of one attempt. Default 120 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt (429, 5xx, timeouts, dropped connections, malformed bodies). Default 8.</summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>The first retry's median delay; it doubles per retry, with full decorrelated jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries (a longer <c>Retry-After</c> is still honoured). Default 60 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive failed attempts (5xx, timeouts, connection errors; not 429) that open the circuit. Default 10.</summary>
    public int BreakAfterFailures { get; init; } = 10;

    /// <summary>How long an open circuit pauses requests before one probe is let through. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the circuit may stay open before the endpoint is declared down and requests fail with
    /// <see cref="EndpointUnavailableException"/> (the run stops; a resume retries). Default 15 min.
    /// </summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Price in US dollars per million input tokens, for the cost in stats. Default null: no cost reported.</summary>
    public decimal? InputPricePerMillionTokens { get; init; }

    /// <summary>Price in US dollars per million output tokens. Default null.</summary>
    public decimal? OutputPricePerMillionTokens { get; init; }

    /// <summary>Where pauses, circuit changes and limit changes are reported. Default null: <see cref="Console.Error"/>.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Throws on values that cannot work, before any request is sent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinConcurrency, 1, nameof(MinConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, MinConcurrency, nameof(MaxConcurrency));
        if (InitialConcurrency < MinConcurrency || InitialConcurrency > MaxConcurrency)
            throw new ArgumentOutOfRangeException(nameof(InitialConcurrency), InitialConcurrency, $"must be between {MinConcurrency} and {MaxConcurrency}");
        if (!(AdditiveIncrease > 0)) throw new ArgumentOutOfRangeException(nameof(AdditiveIncrease), AdditiveIncrease, "must be positive");
        if (!(DecreaseFactor > 0 && DecreaseFactor < 1)) throw new ArgumentOutOfRangeException(nameof(DecreaseFactor), DecreaseFactor, "must be in (0, 1)");
        if (RequestsPerMinute is < 1) throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, "must be at least 1");
        if (TokensPerMinute is < 1) throw new ArgumentOutOfRangeException(nameof(TokensPerMinute), TokensPerMinute, "must be at least 1");
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "must be positive");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "must be non-negative and at most MaxRetryDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakAfterFailures, 1, nameof(BreakAfterFailures));
        if (BreakDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BreakDuration), BreakDuration, "must be positive");
        if (MaxOutage < BreakDuration) throw new ArgumentOutOfRangeException(nameof(MaxOutage), MaxOutage, "must be at least BreakDuration");
        if (InputPricePerMillionTokens is < 0 || OutputPricePerMillionTokens is < 0) throw new ArgumentOutOfRangeException(nameof(InputPricePerMillionTokens), "prices must be non-negative");
    }
}
