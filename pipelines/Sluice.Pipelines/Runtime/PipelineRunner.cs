using System.Diagnostics;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>Runs a pipeline blueprint: plans, builds the Dataflow graph for this rank's units, waits, reports.</summary>
public static class PipelineRunner
{
    private static readonly JsonSerializerOptions StatsJson = new(SluiceJson.Options) { WriteIndented = true };

    /// <summary>
    /// Runs this rank's share of <paramref name="pipeline"/>. Faults are returned in the result (status Failed)
    /// with the operator, unit and record named; a stop returns Cancelled after committing finished units.
    /// </summary>
    public static async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var clock = Stopwatch.StartNew();
        var plan = await PipelinePlan.CreateAsync(pipeline, options.Rank.WorldSize, options.Stop);
        var committer = options.Committer ?? new InMemoryCommitter();
        var alreadyDone = (await committer.CommittedAsync(options.Stop)).Select(r => r.Unit.Id).ToHashSet(StringComparer.Ordinal);
        var mine = plan.ByRank[options.Rank.Rank].Where(u => !alreadyDone.Contains(u.Id)).ToArray();

        var rejects = new RejectCollector(pipeline.Options.ErrorPolicy);
        using var rejectsStore = ObjectStores.Open(pipeline.Options.RejectsUri ?? ObjectStores.Join(FirstOutput(pipeline), "_rejects"));
        var tracker = new UnitTracker(options.Attempt ?? NewAttempt(), pipeline.SinksPerSource(), rejects, new RejectsWriter(rejectsStore), committer);
        var bySource = mine.GroupBy(u => u.Source).ToDictionary(g => g.Key, g => (IReadOnlyList<WorkUnit>)g.ToArray());
        var graph = new RunGraph(pipeline, bySource, tracker, rejects, options.Stop);
        foreach (var node in pipeline.Nodes) node.Build(graph);
        options.OnStarted?.Invoke(new RunMonitor(pipeline.Name, mine.Length, () => tracker.Completed, graph.Metrics.Values.ToArray()));

        await graph.WhenAllEnded();
        var status = graph.FirstFault is not null ? RunStatus.Failed
            : options.Stop.IsCancellationRequested && tracker.Completed < mine.Length ? RunStatus.Cancelled
            : RunStatus.Completed;
        var manifests = false;
        if (status == RunStatus.Completed)
            manifests = await WriteManifestsIfCompleteAsync(pipeline, plan, committer, CancellationToken.None);
        var result = new RunResult(pipeline.Name, status, graph.FirstFault, plan.Units.Count, mine.Length, tracker.Completed, clock.Elapsed,
            pipeline.Nodes.Select(n => graph.Metrics[n].Snapshot()).ToArray(),
            pipeline.Sinks.ToDictionary(s => s.Name, s => ((ISinkNode)s).OutputUri), manifests);
        await WriteStatsAsync(pipeline, options, result);
        return result;
    }

    /// <summary>Writes each sink's manifest once every unit of the plan is committed (by any rank).</summary>
    private static async Task<bool> WriteManifestsIfCompleteAsync(Pipeline pipeline, PipelinePlan plan, IUnitCommitter committer, CancellationToken ct)
    {
        var committed = await committer.CommittedAsync(ct);
        var done = committed.Select(c => c.Unit.Id).ToHashSet(StringComparer.Ordinal);
        if (!plan.Units.All(u => done.Contains(u.Id))) return false;
        foreach (var sink in pipeline.Sinks.Cast<ISinkNode>())
        {
            var outputs = committed.SelectMany(c => c.Outputs.GetValueOrDefault(sink.Name) ?? []).ToArray();
            await sink.WriteManifestAsync(pipeline.Name, outputs, ct);
        }
        return true;
    }

    private static async Task WriteStatsAsync(Pipeline pipeline, RunOptions options, RunResult result)
    {
        var uri = options.StatsUri ?? ObjectStores.Join(FirstOutput(pipeline),
            options.Rank.WorldSize == 1 ? "stats.json" : $"_stats/rank-{options.Rank.Rank:D5}.json");
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
        };
        await store.PutAsync(uri[(slash + 1)..], JsonSerializer.SerializeToUtf8Bytes(stats, StatsJson));
    }

    private static string FirstOutput(Pipeline pipeline) =>
        pipeline.Sinks.Count > 0 ? ((ISinkNode)pipeline.Sinks[0]).OutputUri : throw new InvalidOperationException("pipeline has no sink");

    private static string NewAttempt() => Guid.NewGuid().ToString("N")[..8];
}
