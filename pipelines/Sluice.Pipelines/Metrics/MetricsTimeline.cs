using System.Diagnostics;

namespace Sluice.Pipelines.Metrics;

/// <summary>
/// Per-operator counters sampled over a run, for throughput-over-time charts (<c>stats.json</c>'s <c>timeline</c>,
/// drawn by <c>sluice report</c>). Bounded: when <see cref="MaxPoints"/> samples are held, every other one is dropped
/// and the interval doubles, so a run of any length keeps at most that many points, evenly spread.
/// </summary>
public sealed class MetricsTimeline
{
    /// <summary>Samples kept at most, default for <see cref="MaxPoints"/>.</summary>
    public const int DefaultMaxPoints = 240;

    /// <summary>The first sampling interval, default for the constructor: 1 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<OperatorMetrics> _metrics;
    private readonly List<(double Seconds, OperatorSnapshot[] Operators)> _points = [];
    private readonly Lock _lock = new();
    private TimeSpan _interval;

    /// <summary>A timeline of <paramref name="metrics"/>.</summary>
    /// <param name="metrics">The operators to sample, in graph order.</param>
    /// <param name="interval">The first sampling interval; default <see cref="DefaultInterval"/>.</param>
    /// <param name="maxPoints">Samples kept at most (at least 4); default <see cref="DefaultMaxPoints"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive or <paramref name="maxPoints"/> is below 4.</exception>
    public MetricsTimeline(IReadOnlyList<OperatorMetrics> metrics, TimeSpan? interval = null, int maxPoints = DefaultMaxPoints)
    {
        _interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        _metrics = metrics;
        MaxPoints = maxPoints;
    }

    /// <summary>Samples kept at most.</summary>
    public int MaxPoints { get; }

    /// <summary>The interval between samples now: the first one, doubled each time the samples were thinned.</summary>
    public TimeSpan Interval
    {
        get { lock (_lock) return _interval; }
    }

    /// <summary>
    /// Records every operator's counters as they are at <paramref name="seconds"/> since the run started. A sample
    /// sooner than <see cref="Interval"/> after the previous one is dropped (after thinning, the old spacing no longer
    /// holds), unless it is the <paramref name="final"/> one, which is always kept: it is the run's end.
    /// </summary>
    public void Sample(double seconds, bool final = false)
    {
        var operators = _metrics.Select(m => m.Snapshot()).ToArray();
        lock (_lock)
        {
            // 0.9: the sampling loop's delays end at the interval or a little after, never much before.
            if (!final && _points.Count > 0 && seconds - _points[^1].Seconds < 0.9 * _interval.TotalSeconds) return;
            if (_points.Count == MaxPoints)
            {
                // Keep the even-indexed samples: the first stays, the spacing doubles, the count halves.
                for (var i = 0; i < MaxPoints / 2; i++) _points[i] = _points[2 * i];
                _points.RemoveRange(MaxPoints / 2, _points.Count - MaxPoints / 2);
                _interval *= 2;
            }
            _points.Add((Math.Round(seconds, 3), operators));
        }
    }

    /// <summary>Samples at <see cref="Interval"/> from <paramref name="clock"/> until <paramref name="stop"/> is cancelled.</summary>
    internal async Task SampleUntilAsync(Stopwatch clock, CancellationToken stop)
    {
        Sample(clock.Elapsed.TotalSeconds);
        try
        {
            while (true)
            {
                await Task.Delay(Interval, stop);
                Sample(clock.Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended; the caller adds the final sample.
        }
    }

    /// <summary>The samples as one series per operator.</summary>
    public RunTimeline ToTimeline()
    {
        lock (_lock)
        {
            var series = _metrics.Select((m, i) => new OperatorSeries(m.Name,
                _points.Select(p => p.Operators[i].RecordsIn).ToArray(),
                _points.Select(p => p.Operators[i].RecordsOut).ToArray(),
                _points.Select(p => p.Operators[i].Rejected).ToArray(),
                _points.Select(p => p.Operators[i].BusySeconds).ToArray(),
                _points.Select(p => p.Operators[i].QueueDepth).ToArray())).ToArray();
            return new RunTimeline(_interval.TotalSeconds, _points.Select(p => p.Seconds).ToArray(), series);
        }
    }
}
