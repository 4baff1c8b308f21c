using System.Collections.Concurrent;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Knows when a unit is done: every sink its source reaches has closed the unit's output. Then the unit's
/// rejects are written and the unit is committed. An attempt that loses the commit race deletes its outputs.
/// </summary>
internal sealed class UnitTracker(string attempt, Pipeline pipeline, RejectCollector rejects, RejectsWriter rejectsWriter, IUnitCommitter committer)
{
    private readonly ConcurrentDictionary<string, UnitProgress> _open = new();
    private readonly ConcurrentDictionary<string, long> _recordsIn = new();
    private readonly IReadOnlyDictionary<int, int> _sinksPerSource = pipeline.SinksPerSource();
    private readonly IReadOnlyDictionary<string, ISinkNode> _sinks = pipeline.Sinks.Cast<ISinkNode>().ToDictionary(s => s.Name);
    private int _completed, _lost;

    /// <summary>This process's attempt id; it makes output keys unique per attempt.</summary>
    public string Attempt { get; } = attempt;

    /// <summary>Units this attempt committed.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Units another attempt committed first (this attempt's outputs were deleted).</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Records the source read for a unit (reported when the unit's reading ends).</summary>
    public void SourceRead(WorkUnit unit, long records) => _recordsIn[unit.Id] = records;

    public async Task SinkDoneAsync(WorkUnit unit, Node sink, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        var progress = _open.GetOrAdd(unit.Id, _ => new UnitProgress());
        int reported;
        lock (progress)
        {
            progress.Outputs[sink.Name] = outputs;
            reported = progress.Outputs.Count;
        }
        if (reported < _sinksPerSource[unit.Source]) return;
        _open.TryRemove(unit.Id, out _);
        var unitRejects = rejects.Take(unit.Id);
        var rejectsOutput = await rejectsWriter.WriteAsync(unit, Attempt, unitRejects, ct);
        var result = new UnitResult(unit, Attempt, progress.Outputs, rejectsOutput, unitRejects.Count, _recordsIn.GetValueOrDefault(unit.Id));
        if (await committer.CommitAsync(result, ct))
        {
            Interlocked.Increment(ref _completed);
            return;
        }
        // Another attempt committed this unit first: ours is a duplicate and must leave nothing behind.
        Interlocked.Increment(ref _lost);
        foreach (var (name, list) in progress.Outputs)
            foreach (var output in list) await _sinks[name].DeleteAsync(output.Key, ct);
        if (rejectsOutput is not null) await rejectsWriter.DeleteAsync(rejectsOutput.Key, ct);
    }

    private sealed class UnitProgress
    {
        public Dictionary<string, IReadOnlyList<SinkOutput>> Outputs { get; } = new(StringComparer.Ordinal);
    }
}
