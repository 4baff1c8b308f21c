using System.Collections.Concurrent;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Knows when a unit is done: every sink its source reaches has closed the unit's output. Then the unit's
/// rejects are written and the unit is committed, exactly once.
/// </summary>
internal sealed class UnitTracker(string attempt, IReadOnlyDictionary<int, int> sinksPerSource,
    RejectCollector rejects, RejectsWriter rejectsWriter, IUnitCommitter committer)
{
    private readonly ConcurrentDictionary<string, UnitProgress> _open = new();
    private int _completed;

    /// <summary>This process's attempt id; it makes output keys unique per attempt.</summary>
    public string Attempt { get; } = attempt;

    public int Completed => Volatile.Read(ref _completed);

    public async Task SinkDoneAsync(WorkUnit unit, Node sink, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        var progress = _open.GetOrAdd(unit.Id, _ => new UnitProgress());
        int reported;
        lock (progress)
        {
            progress.Outputs[sink.Name] = outputs;
            reported = progress.Outputs.Count;
        }
        if (reported < sinksPerSource[unit.Source]) return;
        _open.TryRemove(unit.Id, out _);
        var unitRejects = rejects.Take(unit.Id);
        var rejectsOutput = await rejectsWriter.WriteAsync(unit, Attempt, unitRejects, ct);
        await committer.CommitAsync(new UnitResult(unit, Attempt, progress.Outputs, rejectsOutput, unitRejects.Count), ct);
        Interlocked.Increment(ref _completed);
    }

    private sealed class UnitProgress
    {
        public Dictionary<string, IReadOnlyList<SinkOutput>> Outputs { get; } = new(StringComparer.Ordinal);
    }
}
