namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// The circuit breaker of a governed endpoint. Unlike a breaker that fails calls fast, an open gate makes callers
/// wait (the run pauses instead of spending its retries on a dead endpoint); after <c>BreakDuration</c> one caller
/// probes, and its outcome closes or re-opens the gate. A gate open longer than <c>MaxOutage</c> fails every caller.
/// </summary>
internal sealed class CircuitGate(string endpoint, EndpointGovernanceOptions options, TimeProvider time, EndpointStats stats, TextWriter log)
{
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _consecutiveFailures;
    private bool _open;
    private bool _probing;
    private long _openSince;
    private long _retryAt;
    private string _lastError = "";

    /// <summary>Waits while the gate is open. Returns true when this caller is the probe.</summary>
    public async ValueTask<bool> EnterAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            TimeSpan delay;
            lock (_lock)
            {
                if (!_open) return false;
                var now = time.GetTimestamp();
                if (time.GetElapsedTime(_openSince, now) > options.MaxOutage)
                    throw new EndpointUnavailableException(
                        $"endpoint '{endpoint}' has been failing for more than {options.MaxOutage.TotalMinutes:0.#} min (last error: {_lastError}); " +
                        "the run stops here — resume it when the endpoint is back: answered requests are cached and not sent again");
                delay = _retryAt - now > 0 ? time.GetElapsedTime(now, _retryAt) : TimeSpan.Zero;
                if (delay == TimeSpan.Zero && !_probing)
                {
                    _probing = true;
                    return true;
                }
                wait = _changed.Task;
            }
            // Sleep until the probe time or until the probe's outcome, whichever comes first.
            var sleep = delay > TimeSpan.Zero ? delay : options.BreakDuration;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(sleep, time, cts.Token);
            await Task.WhenAny(wait, timer).WaitAsync(ct);
            cts.Cancel();
        }
    }

    /// <summary>An attempt succeeded: the gate closes if it was open.</summary>
    public void OnSuccess(bool probe)
    {
        TaskCompletionSource? signal = null;
        lock (_lock)
        {
            _consecutiveFailures = 0;
            if (probe) _probing = false;
            if (_open)
            {
                _open = false;
                stats.AddPause(time.GetElapsedTime(_openSince));
                log.WriteLine($"endpoint '{endpoint}' answers again after {time.GetElapsedTime(_openSince).TotalSeconds:0} s; resuming requests");
                signal = Swap();
            }
        }
        signal?.TrySetResult();
    }

    /// <summary>An attempt failed in a way that counts against the endpoint (not a 429).</summary>
    public void OnFailure(bool probe, Exception error)
    {
        TaskCompletionSource? signal = null;
        lock (_lock)
        {
            _lastError = error.Message;
            _consecutiveFailures++;
            var now = time.GetTimestamp();
            if (probe)
            {
                _probing = false;
                _retryAt = now + ToTicks(options.BreakDuration);
                signal = Swap();
            }
            else if (!_open && _consecutiveFailures >= options.BreakAfterFailures)
            {
                _open = true;
                _openSince = now;
                _retryAt = now + ToTicks(options.BreakDuration);
                stats.AddCircuitOpening();
                log.WriteLine($"endpoint '{endpoint}' failed {_consecutiveFailures} times in a row (last: {error.Message}); " +
                              $"pausing its requests for {options.BreakDuration.TotalSeconds:0} s, then probing; the run stops if it is still down after {options.MaxOutage.TotalMinutes:0.#} min");
                signal = Swap();
            }
        }
        signal?.TrySetResult();
    }

    /// <summary>True while the gate is open.</summary>
    public bool IsOpen { get { lock (_lock) return _open; } }

    private TaskCompletionSource Swap()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return old;
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
