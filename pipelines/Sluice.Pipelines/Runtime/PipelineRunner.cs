using System.Diagnostics;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>Runs a pipeline blueprint: plans, builds the Dataflow graph for this rank's units, waits, reports.</summary>
public static class PipelineRunner
{
    private static readonly JsonSerializerOptions StatsJson = new(SluiceJson.Options) { WriteIndented = true };

    /// <summary>
    /// Runs this rank's share of <paramref name="pipeline"/>, skipping units already committed in the run folder.
    /// Faults are returned in the result (status Failed) with the operator, unit and record named; a stop returns
    /// Cancelled after committing finished units.
    /// </summary>
    /// <exception cref="RunMismatchException">The run folder holds a different run.</exception>
    /// <exception cref="InvalidDataException">An object of the run folder or an older dataset manifest is broken; the message names it and the field.</exception>
    /// <exception cref="ArgumentException"><see cref="RunOptions.Attempt"/> is not an attempt id.</exception>
    public static async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions? options = null)
    {
        options ??= new RunOptions();
        // The attempt id becomes part of every output and run-folder key this process writes.
        if (options.Attempt is { } given && !RunIds.IsAttempt(given))
            throw new ArgumentException($"attempt id '{given}' is not {RunIds.AttemptPattern} (8 lower-case hex digits)", nameof(options));
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var plan = await PipelinePlan.CreateAsync(pipeline, options.Rank.WorldSize, options.Stop);
        using var runStore = options.RunUri is null ? null : ObjectStores.Open(options.RunUri);
        if (runStore is not null) await RunFolder.OpenAsync(runStore, pipeline, plan, options.Parameters, options.Rank.WorldSize, options.Stop);
        var committer = runStore is null
            ? options.Committer ?? new InMemoryCommitter()
            : new RunFolderCommitter(runStore, pipeline, plan.Units, options.Rank.Rank, options.Verify, options.Log);
        var committedAtStart = await committer.CommittedAsync(options.Stop);
        var alreadyDone = committedAtStart.Select(r => r.Unit.Id).ToHashSet(StringComparer.Ordinal);
        var mine = plan.ByRank[options.Rank.Rank].Where(u => !alreadyDone.Contains(u.Id)).ToArray();
        if (alreadyDone.Count > 0) options.Log?.WriteLine($"resuming: {alreadyDone.Count} of {plan.Units.Count} units already committed");

        var checkpoints = runStore is not null && CanResumePartWay(pipeline)
            ? new CheckpointStore(runStore, new OutputCheck(pipeline, options.Verify), options.Log)
            : null;
        var resumed = checkpoints is null ? null : await checkpoints.ReadUsableAsync(mine, options.Stop);
        if (resumed is { Count: > 0 })
            options.Log?.WriteLine($"resuming {resumed.Count} unit(s) part-way from their checkpoints ({resumed.Values.Sum(c => c.RecordsIn)} records already done)");

        var rejects = new RejectCollector(pipeline.Options.ErrorPolicy);
        using var rejectsStore = ObjectStores.Open(pipeline.Options.RejectsUri ?? RunLayout.RejectsUri(FirstOutput(pipeline)));
        var tracker = new UnitTracker(options.Attempt ?? RunIds.NewAttempt(), pipeline, rejects, new RejectsWriter(rejectsStore), committer, checkpoints, resumed);
        var bySource = mine.GroupBy(u => u.Source).ToDictionary(g => g.Key, g => (IReadOnlyList<WorkUnit>)g.ToArray());
        var graph = new RunGraph(pipeline, bySource, tracker, rejects, options.Stop);
        AttemptStatus Status(string state) => new(tracker.Attempt, options.Rank.Rank, options.Rank.WorldSize, Environment.MachineName,
            Environment.ProcessId, state, mine.Length, tracker.Completed, SinkRecords(pipeline, graph), started, DateTimeOffset.UtcNow, graph.FirstFault?.Message);
        await using var recorder = runStore is null ? null
            : await AttemptRecorder.StartAsync(runStore, Status("running"), _ => Status("running"), options.Heartbeat);

        foreach (var node in pipeline.Nodes) node.Build(graph);
        var operators = pipeline.Nodes.Select(n => graph.Metrics[n]).ToArray();
        options.OnStarted?.Invoke(new RunMonitor(pipeline.Name, mine.Length, () => tracker.Completed, operators));
        var timeline = new MetricsTimeline(operators, options.TimelineInterval);
        using var ended = new CancellationTokenSource();
        var sampling = timeline.SampleUntilAsync(clock, ended.Token);
        await graph.WhenAllEnded();
        await ended.CancelAsync();
        await sampling;
        timeline.Sample(clock.Elapsed.TotalSeconds, final: true);

        var status = graph.FirstFault is not null ? RunStatus.Failed
            : options.Stop.IsCancellationRequested && tracker.Completed + tracker.Lost < mine.Length ? RunStatus.Cancelled
            : RunStatus.Completed;
        // A rank that ran nothing saw every commit it needs at the start; one that ran units reads them again, since
        // other ranks may have committed meanwhile.
        var committed = mine.Length == 0 ? committedAtStart : await committer.CommittedAsync(CancellationToken.None);
        var manifests = status == RunStatus.Completed && await WriteManifestsIfCompleteAsync(pipeline, plan, committed, CancellationToken.None);
        if (recorder is not null) await recorder.FinishAsync(Status(status.ToString().ToLowerInvariant()));
        var result = new RunResult(pipeline.Name, status, graph.FirstFault, plan.Units.Count, mine.Length, tracker.Completed, clock.Elapsed,
            pipeline.Nodes.Select(n => graph.Metrics[n].Snapshot()).ToArray(),
            pipeline.Sinks.ToDictionary(s => s.Name, s => ((ISinkNode)s).OutputUri), manifests) { Timeline = timeline.ToTimeline() };
        await WriteStatsAsync(pipeline, options, result);
        return result;
    }

    /// <summary>Writes each sink's manifest once every unit of the plan is committed (by any rank).</summary>
    private static async Task<bool> WriteManifestsIfCompleteAsync(Pipeline pipeline, PipelinePlan plan, IReadOnlyList<UnitResult> committed, CancellationToken ct)
    {
        var done = committed.Select(c => c.Unit.Id).ToHashSet(StringComparer.Ordinal);
        if (!plan.Units.All(u => done.Contains(u.Id))) return false;
        foreach (var sink in pipeline.Sinks.Cast<ISinkNode>())
        {
            var outputs = committed.SelectMany(c => c.Outputs.GetValueOrDefault(sink.Name) ?? []).ToArray();
            await sink.WriteManifestAsync(pipeline.Name, outputs, ct);
        }
        return true;
    }

    /// <summary>
    /// Part-way checkpoints need a graph that keeps no state across a unit's batches and sinks that can close their
    /// output part-way; otherwise a unit restarts from its beginning.
    /// </summary>
    private static bool CanResumePartWay(Pipeline pipeline) =>
        pipeline.Options.CheckpointsPartWay
        && pipeline.Nodes.All(n => !n.RestartsUnits)
        && pipeline.Sinks.Cast<ISinkNode>().All(s => s.CanCheckpoint);

    private static long SinkRecords(Pipeline pipeline, RunGraph graph) => pipeline.Sinks.Sum(s => graph.Metrics[s].RecordsOut);

    private static async Task WriteStatsAsync(Pipeline pipeline, RunOptions options, RunResult result)
    {
        var uri = options.StatsUri ?? ObjectStores.Join(FirstOutput(pipeline), RunLayout.StatsKeyOf(options.Rank.Rank, options.Rank.WorldSize));
        var slash = uri.LastIndexOf('/');
        using var store = ObjectStores.Open(uri[..slash]);
        var stats = new
        {
            pipeline = result.Pipeline,
            status = result.Status.ToString().ToLowerInvariant(),
            error = result.Error?.Message,
            rank = options.Rank.Rank,
            world_size = options.Rank.WorldSize,
            elapsed_seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
            units = new { planned = result.UnitsPlanned, assigned = result.UnitsAssigned, committed = result.UnitsCommitted },
            records_rejected = result.Rejected,
            outputs = result.Outputs,
            operators = result.Operators,
            timeline = result.Timeline,
        };
        await store.PutAsync(uri[(slash + 1)..], JsonSerializer.SerializeToUtf8Bytes(stats, StatsJson));
    }

    private static string FirstOutput(Pipeline pipeline) =>
        pipeline.Sinks.Count > 0 ? ((ISinkNode)pipeline.Sinks[0]).OutputUri : throw new InvalidOperationException("pipeline has no sink");
}
