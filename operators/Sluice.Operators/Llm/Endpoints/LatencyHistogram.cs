namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Latencies in log-spaced buckets (about 2% wide, 0.1 ms to ~28 h), so percentiles cost constant memory however many
/// requests a run sends. Thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private const double MinMs = 0.1;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _buckets = new long[1000];
    private long _count;
    private long _maxTicks;

    /// <summary>Counts one latency.</summary>
    public void Add(TimeSpan latency)
    {
        var ms = Math.Max(MinMs, latency.TotalMilliseconds);
        var index = Math.Min(_buckets.Length - 1, (int)(Math.Log(ms / MinMs) / LogGrowth));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        long seen;
        while (latency.Ticks > (seen = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, latency.Ticks, seen) != seen) { }
    }

    /// <summary>The longest latency seen, in milliseconds.</summary>
    public double Max => Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks)).TotalMilliseconds, 1);

    /// <summary>The latency (ms, bucket midpoint) below which <paramref name="q"/> of the samples fall; 0 with no samples.</summary>
    public double Percentile(double q)
    {
        var count = Interlocked.Read(ref _count);
        if (count == 0) return 0;
        var target = (long)Math.Ceiling(q * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= target) return Math.Round(MinMs * Math.Pow(Growth, i + 0.5), 1);
        }
        return Max;
    }
}
