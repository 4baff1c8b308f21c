using System.Collections.Concurrent;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Knows when a unit is done: every sink its source reaches has closed the unit's output. Then the unit's
/// rejects are written and the unit is committed. An attempt that loses the commit race deletes its outputs.
/// With part-way checkpoints it also knows when every sink has passed a checkpoint mark, and writes the unit's
/// checkpoint; a unit resumed from a checkpoint starts from that checkpoint's outputs and rejects.
/// </summary>
internal sealed class UnitTracker(string attempt, Pipeline pipeline, RejectCollector rejects, RejectsWriter rejectsWriter,
    IUnitCommitter committer, CheckpointStore? checkpoints = null, IReadOnlyDictionary<string, UnitCheckpoint>? resumed = null)
{
    private readonly ConcurrentDictionary<string, UnitProgress> _open = new();
    private readonly ConcurrentDictionary<string, long> _recordsIn = new();
    private readonly IReadOnlyDictionary<int, int> _sinksPerSource = pipeline.SinksPerSource();
    private readonly IReadOnlyDictionary<string, ISinkNode> _sinks = pipeline.Sinks.Cast<ISinkNode>().ToDictionary(s => s.Name);
    private readonly IReadOnlyDictionary<string, UnitCheckpoint> _resumed = resumed ?? new Dictionary<string, UnitCheckpoint>();
    private int _completed, _lost, _checkpointsWritten;

    /// <summary>This process's attempt id; it makes output keys unique per attempt.</summary>
    public string Attempt { get; } = attempt;

    /// <summary>Units this attempt committed.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Units another attempt committed first (this attempt's outputs were deleted).</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Part-way checkpoints this attempt wrote.</summary>
    public int CheckpointsWritten => Volatile.Read(ref _checkpointsWritten);

    /// <summary>True when sources should mark checkpoints (a run folder, and a graph that can resume part-way).</summary>
    public bool CheckpointsPartWay => checkpoints is not null;

    /// <summary>The checkpoint a unit resumes from, if any: its source skips what the checkpoint covers.</summary>
    public UnitCheckpoint? ResumedFrom(WorkUnit unit) => _resumed.GetValueOrDefault(unit.Id);

    /// <summary>Records the source read for a unit (reported when the unit's reading ends; includes records a resume skipped).</summary>
    public void SourceRead(WorkUnit unit, long records) => _recordsIn[unit.Id] = records;

    /// <summary>A sink passed a checkpoint mark with <paramref name="outputs"/> (all this attempt closed so far) durable.</summary>
    public async Task SinkCheckpointAsync(WorkUnit unit, Node sink, CheckpointMark mark, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        if (checkpoints is null) return;
        var progress = ProgressOf(unit);
        Dictionary<string, IReadOnlyList<SinkOutput>> reports;
        lock (progress)
        {
            if (!progress.Marks.TryGetValue(mark.Consumed, out reports!)) progress.Marks[mark.Consumed] = reports = new(StringComparer.Ordinal);
            reports[sink.Name] = outputs;
            if (reports.Count < _sinksPerSource[unit.Source]) return;
            progress.Marks.Remove(mark.Consumed);
        }
        // Every sink is past the mark, so every reject of a record before it has been collected.
        var taken = rejects.TakeUpTo(unit.Id, mark.LastPosition);
        var file = await rejectsWriter.WriteAsync(unit, Attempt, mark.Consumed, taken, ct);
        UnitCheckpoint checkpoint;
        lock (progress)
        {
            if (file is not null) progress.RejectFiles.Add(file);
            progress.Rejected += taken.Count;
            checkpoint = new UnitCheckpoint(unit.Id, Attempt, mark.Consumed, mark.RecordsIn, progress.WithBase(reports),
                progress.AllRejectFiles(), progress.AllRejected(), DateTimeOffset.UtcNow);
        }
        await checkpoints.WriteAsync(checkpoint, ct);
        progress.CheckpointWritten = true;
        Interlocked.Increment(ref _checkpointsWritten);
    }

    public async Task SinkDoneAsync(WorkUnit unit, Node sink, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        var progress = ProgressOf(unit);
        int reported;
        lock (progress)
        {
            progress.Outputs[sink.Name] = outputs;
            reported = progress.Outputs.Count;
        }
        if (reported < _sinksPerSource[unit.Source]) return;
        _open.TryRemove(unit.Id, out _);
        var unitRejects = rejects.Take(unit.Id);
        var rejectsOutput = await rejectsWriter.WriteAsync(unit, Attempt, null, unitRejects, ct);
        if (rejectsOutput is not null) progress.RejectFiles.Add(rejectsOutput);
        progress.Rejected += unitRejects.Count;
        var result = new UnitResult(unit, Attempt, progress.WithBase(progress.Outputs), progress.AllRejectFiles(), progress.AllRejected(),
            _recordsIn.GetValueOrDefault(unit.Id));
        if (await committer.CommitAsync(result, ct))
        {
            Interlocked.Increment(ref _completed);
            if (checkpoints is not null && (progress.Base is not null || progress.CheckpointWritten)) await checkpoints.DeleteAsync(unit.Id);
            return;
        }
        // Another attempt committed this unit first: ours is a duplicate and must leave nothing behind, except what
        // the winner itself lists (it may have resumed from one of our checkpoints).
        Interlocked.Increment(ref _lost);
        var winner = await committer.CommitOfAsync(unit, ct);
        var keep = winner is null ? [] : winner.Outputs.Values.SelectMany(o => o).Concat(winner.Rejects).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, list) in progress.Outputs)
            foreach (var output in list.Where(o => !keep.Contains(o.Key))) await _sinks[name].DeleteAsync(output.Key, ct);
        foreach (var file in progress.RejectFiles.Where(o => !keep.Contains(o.Key))) await rejectsWriter.DeleteAsync(file.Key, ct);
    }

    private UnitProgress ProgressOf(WorkUnit unit) => _open.GetOrAdd(unit.Id, id => new UnitProgress(_resumed.GetValueOrDefault(id)));

    /// <summary>One unit's state in this attempt, on top of the checkpoint it resumed from.</summary>
    private sealed class UnitProgress(UnitCheckpoint? resumedFrom)
    {
        public UnitCheckpoint? Base { get; } = resumedFrom;

        /// <summary>Per sink, this attempt's outputs when the sink finished the unit.</summary>
        public Dictionary<string, IReadOnlyList<SinkOutput>> Outputs { get; } = new(StringComparer.Ordinal);

        /// <summary>Checkpoint marks some sinks have passed, by items consumed: per sink, this attempt's outputs then.</summary>
        public Dictionary<long, Dictionary<string, IReadOnlyList<SinkOutput>>> Marks { get; } = [];

        /// <summary>This attempt's rejects files (checkpoints' shares, then the end's).</summary>
        public List<SinkOutput> RejectFiles { get; } = [];

        public long Rejected { get; set; }

        public bool CheckpointWritten { get; set; }

        /// <summary>The resumed checkpoint's outputs followed by this attempt's, per sink: input order.</summary>
        public Dictionary<string, IReadOnlyList<SinkOutput>> WithBase(IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> mine)
        {
            var merged = new Dictionary<string, IReadOnlyList<SinkOutput>>(StringComparer.Ordinal);
            foreach (var name in (Base?.Outputs.Keys ?? []).Union(mine.Keys))
                merged[name] = [.. Base?.Outputs.GetValueOrDefault(name) ?? [], .. mine.GetValueOrDefault(name) ?? []];
            return merged;
        }

        public List<SinkOutput> AllRejectFiles() => [.. Base?.Rejects ?? [], .. RejectFiles];

        public long AllRejected() => (Base?.Rejected ?? 0) + Rejected;
    }
}
