namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// A concurrency limit that adapts like TCP congestion control: each success adds
/// <see cref="EndpointGovernanceOptions.AdditiveIncrease"/> / limit permits, an overload signal (429, 503, timeout)
/// multiplies the limit by <see cref="EndpointGovernanceOptions.DecreaseFactor"/>, at most once per cooldown.
/// Waiters are served first come, first served. Thread-safe.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource<Lease>> _waiters = new();
    private readonly EndpointGovernanceOptions _options;
    private readonly TimeProvider _time;
    private double _limit;
    private int _inFlight;
    private long _lastDecrease = long.MinValue;

    /// <summary>Creates a limiter at <see cref="EndpointGovernanceOptions.InitialConcurrency"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public AdaptiveConcurrencyLimiter(EndpointGovernanceOptions options, TimeProvider? timeProvider = null)
    {
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _limit = options.InitialConcurrency;
    }

    /// <summary>The current limit (whole permits).</summary>
    public int Limit { get { lock (_gate) return (int)_limit; } }

    /// <summary>Requests holding a permit now.</summary>
    public int InFlight { get { lock (_gate) return _inFlight; } }

    /// <summary>Raised (outside the lock) when the whole-permit limit changes: old, new.</summary>
    public event Action<int, int>? LimitChanged;

    /// <summary>Waits for a permit; dispose the lease to return it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public ValueTask<Lease> AcquireAsync(CancellationToken ct = default)
    {
        TaskCompletionSource<Lease> waiter;
        lock (_gate)
        {
            if (_inFlight < (int)_limit && _waiters.Count == 0)
            {
                _inFlight++;
                return new ValueTask<Lease>(new Lease(this));
            }
            waiter = new TaskCompletionSource<Lease>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }
        if (ct.CanBeCanceled)
        {
            var registration = ct.Register(static s => ((TaskCompletionSource<Lease>)s!).TrySetCanceled(), waiter);
            _ = waiter.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, TaskScheduler.Default);
        }
        return new ValueTask<Lease>(waiter.Task);
    }

    /// <summary>Records a success: the limit grows by <c>AdditiveIncrease / limit</c> up to the maximum.</summary>
    public void OnSuccess()
    {
        int before, after;
        lock (_gate)
        {
            before = (int)_limit;
            _limit = Math.Min(_options.MaxConcurrency, _limit + _options.AdditiveIncrease / Math.Max(1, _limit));
            after = (int)_limit;
            Grant();
        }
        if (after != before) LimitChanged?.Invoke(before, after);
    }

    /// <summary>Records an overload (429, 503, timeout): the limit is cut, unless it was cut within the cooldown.</summary>
    /// <returns>True when the limit was cut.</returns>
    public bool OnOverload()
    {
        int before, after;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_lastDecrease != long.MinValue && _time.GetElapsedTime(_lastDecrease, now) < _options.DecreaseCooldown) return false;
            _lastDecrease = now;
            before = (int)_limit;
            _limit = Math.Max(_options.MinConcurrency, Math.Floor(_limit * _options.DecreaseFactor));
            after = (int)_limit;
        }
        if (after != before) LimitChanged?.Invoke(before, after);
        return true;
    }

    private void Release()
    {
        lock (_gate)
        {
            _inFlight--;
            Grant();
        }
    }

    // Called under the lock: hands free permits to waiters; a waiter cancelled meanwhile is skipped.
    private void Grant()
    {
        while (_inFlight < (int)_limit && _waiters.Count > 0)
        {
            var next = _waiters.Dequeue();
            _inFlight++;
            if (!next.TrySetResult(new Lease(this))) _inFlight--;
        }
    }

    /// <summary>A permit; disposing it returns the permit (once).</summary>
    public sealed class Lease : IDisposable
    {
        private AdaptiveConcurrencyLimiter? _owner;

        internal Lease(AdaptiveConcurrencyLimiter owner) => _owner = owner;

        /// <summary>Returns the permit.</summary>
        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
    }
}
