using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Wraps an <see cref="IChatClient"/> with an endpoint's governance (<see cref="EndpointGovernanceOptions"/>): request
/// and token budgets (Polly rate limiters), the adaptive concurrency limit, per-attempt timeouts (Polly), retries with
/// jitter that honour <c>Retry-After</c> (the wait applies to every caller, not only the one that got the 429), and a
/// circuit that pauses requests while the endpoint is down. A refused key stops every call at once.
/// </summary>
/// <remarks>
/// Retries are this class's loop rather than a Polly retry strategy because two things Polly's strategy cannot express
/// matter here: time paused behind an open circuit must not use up a request's retries, and the adaptive limiter must
/// see every attempt's outcome with its permit released before the back-off.
/// </remarks>
public sealed class GovernedChatClient : DelegatingChatClient
{
    private static readonly ResiliencePropertyKey<int> Permits = new("sluice.permits");
    private readonly EndpointGovernanceOptions _options;
    private readonly TimeProvider _time;
    private readonly AdaptiveConcurrencyLimiter _limiter;
    private readonly CircuitGate _circuit;
    private readonly ResiliencePipeline _budget;
    private readonly ResiliencePipeline _timeout;
    private readonly List<IDisposable> _owned = [];
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _refused = new();
    private long _notBefore;
    private EndpointAuthenticationException? _stopped;

    /// <summary>Creates the governed client; nothing is sent until the first call.</summary>
    /// <param name="inner">The client that sends one attempt per call.</param>
    /// <param name="name">The endpoint's name in stats and messages (never a key).</param>
    /// <param name="options">Governance; null means defaults.</param>
    /// <param name="stats">Counters to update; null creates one (see <see cref="Stats"/>).</param>
    /// <param name="timeProvider">Clock for delays, timeouts and budgets; null means the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public GovernedChatClient(IChatClient inner, string name, EndpointGovernanceOptions? options = null, EndpointStats? stats = null,
        TimeProvider? timeProvider = null) : base(inner)
    {
        _options = options ?? new EndpointGovernanceOptions();
        _options.Validate();
        Name = name;
        _time = timeProvider ?? TimeProvider.System;
        _log = _options.Log ?? Console.Error;
        Stats = stats ?? new EndpointStats(name);
        _limiter = new AdaptiveConcurrencyLimiter(_options, _time);
        Stats.SetLimit(_limiter.Limit, decreased: false);
        _limiter.LimitChanged += (before, after) => Stats.SetLimit(after, after < before);
        _circuit = new CircuitGate(name, _options, _time, Stats, _log);
        _budget = BuildBudget();
        _timeout = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(_options.AttemptTimeout).Build();
    }

    /// <summary>The endpoint's name.</summary>
    public string Name { get; }

    /// <summary>This endpoint's counters.</summary>
    public EndpointStats Stats { get; }

    /// <summary>The adaptive concurrency limit now.</summary>
    public int ConcurrencyLimit => _limiter.Limit;

    /// <summary>Sends the request under governance, retrying what can be retried.</summary>
    /// <exception cref="EndpointAuthenticationException">The key was refused, now or by an earlier or concurrent call: after the
    /// first 401/403 no request is sent, requests waiting for a slot or a budget fail at once with the same message, and
    /// the refusal is logged once.</exception>
    /// <exception cref="EndpointUnavailableException">Retries ran out, the endpoint stayed down past
    /// <see cref="EndpointGovernanceOptions.MaxOutage"/>, or it refused the connection before it had answered once (no
    /// server is running there: the message says how to start one).</exception>
    /// <exception cref="EndpointHttpException">A status that no retry can fix (400, 404, 422…), e.g. a prompt over the context length.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        var permits = EstimateTokens(list, options);
        // Every wait (circuit, Retry-After, budgets, a concurrency slot) also ends when the key is refused, so the
        // requests queued behind a 401 fail at once instead of each sending and being refused in turn.
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _refused.Token);
        try
        {
            return await SendAsync(list, options, permits, waits.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _stopped) is { } stopped)
        {
            throw Refused(stopped);
        }
    }

    private async Task<ChatResponse> SendAsync(IReadOnlyList<ChatMessage> list, ChatOptions? options, int permits, CancellationToken waits,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Volatile.Read(ref _stopped) is { } stopped) throw Refused(stopped);
            var probe = await _circuit.EnterAsync(waits);
            await WaitNotBeforeAsync(waits);
            await AcquireBudgetAsync(permits, waits);
            Exception error;
            using (var lease = await _limiter.AcquireAsync(waits))
            {
                // The slot may have been freed by the very request that was refused: check again before sending.
                if (Volatile.Read(ref _stopped) is { } refused) throw Refused(refused);
                var started = _time.GetTimestamp();
                Stats.AddAttempt();
                try
                {
                    var response = await _timeout.ExecuteAsync(
                        static (state, t) => new ValueTask<ChatResponse>(state.Self.InnerClient.GetResponseAsync(state.List, state.Options, t)),
                        (Self: this, List: list, Options: options), cancellationToken);
                    _limiter.OnSuccess();
                    _circuit.OnSuccess(probe);
                    Stats.AddSuccess(_time.GetElapsedTime(started), response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, _options);
                    return response;
                }
                // Polly's TimeoutRejectedException is not an OperationCanceledException, so a timeout is caught here and retried.
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
                {
                    error = e;
                    // Stop before the slot is released, so no waiter can take it and send with the refused key.
                    if (e is EndpointAuthenticationException auth) Stop(auth);
                }
            }
            Stats.AddFailure(error);
            if (error is EndpointAuthenticationException) throw Refused(Volatile.Read(ref _stopped)!);
            // Nothing has ever answered at this address: a server that is not running is not an outage to wait out.
            if (Stats.Succeeded == 0 && EndpointNotRunning.Is(error)) throw new EndpointUnavailableException(EndpointNotRunning.Message(Name, error), error);
            if (!IsRetryable(error))
            {
                // Not the endpoint's fault (a bad request): the circuit counts nothing, the probe slot is freed.
                if (probe) _circuit.OnSuccess(probe);
                throw error;
            }
            var retryAfter = (error as EndpointHttpException)?.RetryAfter;
            if (IsOverload(error) && _limiter.OnOverload())
                _log.WriteLine($"endpoint '{Name}' is overloaded ({Short(error)}); concurrency limit now {_limiter.Limit}");
            if (error is EndpointHttpException { StatusCode: System.Net.HttpStatusCode.TooManyRequests })
            {
                if (probe) _circuit.OnSuccess(probe);
            }
            else _circuit.OnFailure(probe, error);
            if (retryAfter is { } wait) PushNotBefore(wait);
            // A failed probe is the circuit's business, not this request's: it does not use up a retry.
            if (probe && _circuit.IsOpen) attempt--;
            if (attempt >= _options.MaxRetries)
                throw new EndpointUnavailableException($"endpoint '{Name}' failed {attempt + 1} attempts for one request (last: {error.Message})", error);
            Stats.AddRetry();
            var delay = retryAfter ?? Backoff(attempt);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, waits);
        }
    }

    // The first refusal wins: it is logged once and wakes every waiting request.
    private void Stop(EndpointAuthenticationException auth)
    {
        if (Interlocked.CompareExchange(ref _stopped, auth, null) is not null) return;
        _log.WriteLine(auth.Message);
        _refused.Cancel();
    }

    private static EndpointAuthenticationException Refused(EndpointAuthenticationException first) => new(first.Message, first);

    /// <summary>Governed like <see cref="GetResponseAsync"/>; the answer is fetched whole, then returned as updates.</summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EndpointStats) ? Stats : base.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var d in _owned) d.Dispose();
            _refused.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Prompt characters / 4 plus the output budget: what the token budget is charged before sending.</summary>
    internal static int EstimateTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long chars = 0;
        foreach (var m in messages) chars += m.Text.Length;
        return (int)Math.Min(int.MaxValue, chars / 4 + (options?.MaxOutputTokens ?? 256));
    }

    private static bool IsRetryable(Exception e) => e switch
    {
        EndpointHttpException http => http.IsRetryable,
        TimeoutRejectedException or TimeoutException or HttpRequestException or IOException or EndpointResponseException => true,
        _ => false,
    };

    private static bool IsOverload(Exception e) => e is TimeoutRejectedException or TimeoutException || e is EndpointHttpException { IsOverload: true };

    private static string Short(Exception e) => e is EndpointHttpException h ? $"{(int)h.StatusCode}" : e is TimeoutRejectedException ? "timeout" : e.GetType().Name;

    // Decorrelated full jitter around base·2^attempt, capped.
    private TimeSpan Backoff(int attempt)
    {
        var median = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        var ms = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, median * (0.5 + Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(ms);
    }

    private void PushNotBefore(TimeSpan wait)
    {
        var until = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        long seen;
        while (until > (seen = Interlocked.Read(ref _notBefore)) && Interlocked.CompareExchange(ref _notBefore, until, seen) != seen) { }
    }

    private async ValueTask WaitNotBeforeAsync(CancellationToken ct)
    {
        var until = Interlocked.Read(ref _notBefore);
        var now = _time.GetTimestamp();
        if (until > now) await Task.Delay(_time.GetElapsedTime(now, until), _time, ct);
    }

    private async ValueTask AcquireBudgetAsync(int tokens, CancellationToken ct)
    {
        if (_options.RequestsPerMinute is null && _options.TokensPerMinute is null) return;
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            context.Properties.Set(Permits, tokens);
            await _budget.ExecuteAsync(static _ => ValueTask.CompletedTask, context);
        }
        finally { ResilienceContextPool.Shared.Return(context); }
    }

    private ResiliencePipeline BuildBudget()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (_options.RequestsPerMinute is { } rpm)
        {
            var limiter = Bucket(rpm);
            _owned.Add(limiter);
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "requests-per-minute",
                RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken),
            });
        }
        if (_options.TokensPerMinute is { } tpm)
        {
            var limiter = Bucket(tpm);
            _owned.Add(limiter);
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "tokens-per-minute",
                // A request larger than the whole bucket is charged the bucket, or it would wait forever.
                RateLimiter = args => limiter.AcquireAsync(Math.Min(tpm, args.Context.Properties.GetValue(Permits, 1)), args.Context.CancellationToken),
            });
        }
        return builder.Build();
    }

    // A bucket holding one minute's budget at most, refilled about every 100 ms; requests queue rather than fail.
    private static TokenBucketRateLimiter Bucket(int perMinute)
    {
        var perPeriod = Math.Max(1, (int)Math.Ceiling(perMinute / 600.0));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * perPeriod / perMinute,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
