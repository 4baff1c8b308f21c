using System.Diagnostics;
using System.Text.Json.Serialization;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Metrics;

/// <summary>
/// Live counters of one operator; updated with interlocked adds from any thread, and mirrored to the engine's
/// <see cref="OperatorInstruments"/> for metrics listeners.
/// </summary>
/// <param name="name">Operator name.</param>
/// <param name="role">What it does (see <see cref="Role"/>).</param>
/// <param name="pipeline">The pipeline it belongs to, a tag on the instruments. Default empty.</param>
public sealed class OperatorMetrics(string name, OperatorRole role, string pipeline = "")
{
    private long _in, _out, _rejected, _bytesIn, _bytesOut, _busyTicks;
    private readonly KeyValuePair<string, object?>[] _tags = OperatorInstruments.Tags(pipeline, name, role.ToName());

    /// <summary>Operator name.</summary>
    public string Name { get; } = name;

    /// <summary>What the operator does (its node's <see cref="Node.Role"/>).</summary>
    public OperatorRole Role { get; } = role;

    /// <summary>Reads the queue in front of the operator (records waiting), where a block exists.</summary>
    internal Func<int>? QueueDepthProbe { get; set; }

    /// <summary>Records that reached the operator, rejected ones included.</summary>
    public long RecordsIn => Volatile.Read(ref _in);

    /// <summary>Records the operator passed on (for a source: records read; for a sink: records written).</summary>
    public long RecordsOut => Volatile.Read(ref _out);

    /// <summary>Records the operator rejected with a reason.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Input bytes of the work units a source has read (0 for other operators).</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>Bytes of the shards a sink has written (0 for other operators).</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>Time spent inside the operator's code, summed over threads.</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Stopwatch.GetElapsedTime(0, Volatile.Read(ref _busyTicks)).Ticks);

    /// <summary>Batches waiting in front of the operator now (0 when it has no queue of its own).</summary>
    public int QueueDepth => QueueDepthProbe?.Invoke() ?? 0;

    internal void AddIn(long n)
    {
        Interlocked.Add(ref _in, n);
        OperatorInstruments.RecordsIn.Add(n, _tags);
    }

    internal void AddOut(long n)
    {
        Interlocked.Add(ref _out, n);
        OperatorInstruments.RecordsOut.Add(n, _tags);
    }

    internal void AddRejected(long n)
    {
        Interlocked.Add(ref _rejected, n);
        OperatorInstruments.Rejected.Add(n, _tags);
    }

    internal void AddBytesIn(long n)
    {
        Interlocked.Add(ref _bytesIn, n);
        OperatorInstruments.BytesIn.Add(n, _tags);
    }

    internal void AddBytesOut(long n)
    {
        Interlocked.Add(ref _bytesOut, n);
        OperatorInstruments.BytesOut.Add(n, _tags);
    }

    internal void AddBusy(long stopwatchTicks)
    {
        Interlocked.Add(ref _busyTicks, stopwatchTicks);
        OperatorInstruments.Busy.Add(OperatorInstruments.Seconds(stopwatchTicks), _tags);
    }

    /// <summary>A snapshot for stats and progress lines.</summary>
    public OperatorSnapshot Snapshot() =>
        new(Name, Role, RecordsIn, RecordsOut, Rejected, BytesIn, BytesOut, Math.Round(Busy.TotalSeconds, 3), QueueDepth);
}

/// <summary>
/// A point-in-time copy of <see cref="OperatorMetrics"/>. In JSON the role keeps the key <c>kind</c> it has always had,
/// and reading one back requires it (a missing role would otherwise read as the enum's first value, a source).
/// </summary>
public sealed record OperatorSnapshot(string Name, [property: JsonPropertyName("kind"), JsonRequired] OperatorRole Role, long RecordsIn, long RecordsOut, long Rejected,
    long BytesIn, long BytesOut, double BusySeconds, int QueueDepth);
