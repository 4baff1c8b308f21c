using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Runtime;

public sealed class FanInFanOutTests
{
    /// <summary>Signals when a given unit is committed.</summary>
    private sealed class WatchingCommitter(string unitId) : IUnitCommitter
    {
        private readonly InMemoryCommitter _inner = new();
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<bool> CommitAsync(UnitResult result, CancellationToken ct)
        {
            var won = await _inner.CommitAsync(result, ct);
            if (result.Unit.Id == unitId) Committed.TrySetResult();
            return won;
        }

        public Task<IReadOnlyList<UnitResult>> CommittedAsync(CancellationToken ct) => _inner.CommittedAsync(ct);

        public Task<UnitResult?> CommitOfAsync(WorkUnit unit, CancellationToken ct) => _inner.CommitOfAsync(unit, ct);
    }

    [Fact]
    public async Task Merge_FastAndSlowSource_CompletesOnlyAfterBothEnd()
    {
        using var dir = new TempDir();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fast = new MemorySource<Row>("fast", [Enumerable.Range(0, 50).Select(Row.Make).ToArray()]);
        var slow = new MemorySource<Row>("slow", [Enumerable.Range(100, 20).Select(Row.Make).ToArray()]) { Gate = gate.Task };
        var p = Pipeline.Create("fan-in", new PipelineOptions { BatchSize = 4, LinkCapacity = 2 });
        var slowFlow = p.Read(slow, "slow");
        p.Read(fast, "fast").Merge([slowFlow]).WriteJsonl(dir.Path, Compression.None);
        var pipeline = p.Build();
        // Sources are planned in declaration order: the slow one is u000000, the fast one u000001.
        var committer = new WatchingCommitter("u000001");

        var run = Runs.RunAsync(pipeline, new RunOptions { Committer = committer });
        await committer.Committed.Task.WaitAsync(Runs.HangLimit);

        Assert.False(run.IsCompleted, "the merge ended while its slow input was still open");
        Assert.DoesNotContain(Runs.ShardFiles(dir.Path), s => s.Contains("-u000000-"));
        gate.SetResult();
        var result = await run;
        Assert.Equal(RunStatus.Completed, result.Status);
        var rows = await Runs.ReadDatasetAsync<Row>(dir.Path);
        Assert.Equal(Enumerable.Range(100, 20).Concat(Enumerable.Range(0, 50)).Select(i => Row.Make(i).Id), rows.Select(r => r.Id));
    }

    [Fact]
    public async Task FanOut_ThreeSinksOfEachFormat_EachGetsEveryRecord()
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        var rows = Enumerable.Range(0, 203).Select(Row.Make).ToArray();
        Runs.WriteJsonl(input, rows);
        var p = Pipeline.Create("fan-out", new PipelineOptions { BatchSize = 8, LinkCapacity = 1, Parallelism = 2 });
        var flow = p.ReadJsonl<Row>(input).Map(r => r with { Text = r.Text.ToUpperInvariant() });
        flow.WriteJsonl(Path.Combine(dir.Path, "jsonl"));
        flow.WriteParquet(Path.Combine(dir.Path, "parquet"));
        flow.WriteArrowShards(Path.Combine(dir.Path, "arrow"));
        var pipeline = p.Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        var expected = rows.Select(r => (r.Id, r.N, r.Text.ToUpperInvariant())).ToArray();
        foreach (var sink in new[] { "jsonl", "parquet", "arrow" })
        {
            var written = await Runs.ReadDatasetAsync<Row>(Path.Combine(dir.Path, sink));
            Assert.Equal(expected, written.Select(r => (r.Id, r.N, r.Text)));
        }
        Assert.All(result.Operators.Where(o => o.Role == OperatorRole.Sink), o => Assert.Equal(rows.Length, o.RecordsIn));
    }
}
