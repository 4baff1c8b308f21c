using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Commit;

/// <summary>
/// A large unit checkpoints part-way: a run that dies mid-unit resumes from its last checkpoint, redoing at most
/// about one interval, and the finished dataset (records and rejects) equals an uninterrupted run's.
/// </summary>
public sealed class PartWayCheckpointTests
{
    private const int Lines = 3000;
    private const int Interval = 200;
    private const int BatchSize = 50;

    /// <summary>One JSONL file (one unit) of rows with a malformed line every 300 lines.</summary>
    private static (string Input, int Records) WriteInput(TempDir dir)
    {
        var lines = Enumerable.Range(0, Lines).Select(i => i % 300 == 299 ? "{\"id\": broken" : Runs.JsonLine(Row.Make(i))).ToArray();
        File.WriteAllLines(dir.File("in.jsonl"), lines);
        return (dir.File("in.jsonl"), lines.Count(l => !l.Contains("broken")));
    }

    /// <summary>Map (counted, may fail or stop at a record) then a filter that rejects multiples of seven.</summary>
    private static Pipeline Build(string input, string output, Func<Row, Row> map, bool stateful = false)
    {
        var options = new PipelineOptions { BatchSize = BatchSize, CheckpointRecords = Interval, CheckpointInterval = TimeSpan.Zero, Parallelism = 1 };
        var flow = Pipeline.Create("part-way", options).ReadJsonl<Row>(input).Map(map, name: "count").Where(r => r.N % 7 != 0, "multiple of seven");
        if (stateful) flow = flow.Aggregate(_ => new HoldAll(), name: "hold");
        return flow.WriteJsonl(output).Build();
    }

    private static async Task<(List<Row> Rows, List<string> Rejects)> CleanRunAsync(TempDir dir, string input)
    {
        var output = dir.File("clean");
        var result = await Runs.RunAsync(Build(input, output, r => r), new RunOptions { RunUri = dir.File("clean-run") });
        Assert.Equal(RunStatus.Completed, result.Status);
        return (await Runs.ReadDatasetAsync<Row>(output), await CommittedRejectsAsync(dir.File("clean-run"), output));
    }

    /// <summary>Every reject in the committed rejects files, as "position operator reason", sorted.</summary>
    private static async Task<List<string>> CommittedRejectsAsync(string run, string output)
    {
        var keys = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(run, "commits")))
            keys.AddRange(JsonSerializer.Deserialize<UnitCommit>(await File.ReadAllBytesAsync(file), SluiceJson.Options)!.Rejects.Select(r => r.Key));
        var rejects = new List<string>();
        foreach (var key in keys)
            foreach (var line in await File.ReadAllLinesAsync(Path.Combine(output, "_rejects", key)))
            {
                var r = JsonSerializer.Deserialize<RejectRecord>(line, SluiceJson.Options)!;
                rejects.Add($"{r.Position} {r.Operator} {r.Reason}");
            }
        rejects.Sort(StringComparer.Ordinal);
        return rejects;
    }

    private static UnitCheckpoint ReadCheckpoint(string run) =>
        JsonSerializer.Deserialize<UnitCheckpoint>(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(run, "checkpoints")))), SluiceJson.Options)!;

    [Fact]
    public async Task A_fault_mid_unit_resumes_from_the_last_checkpoint_and_matches_a_clean_run()
    {
        using var dir = new TempDir();
        var (input, records) = WriteInput(dir);
        var (cleanRows, cleanRejects) = await CleanRunAsync(dir, input);
        var (run, output) = (dir.File("run"), dir.File("out"));

        var first = 0;
        var failed = await Runs.RunAsync(Build(input, output, r =>
        {
            first++;
            return r.N == 1700 ? throw new InvalidOperationException("simulated crash") : r;
        }), new RunOptions { RunUri = run });
        Assert.Equal(RunStatus.Failed, failed.Status);
        var checkpoint = ReadCheckpoint(run);
        Assert.InRange(checkpoint.RecordsIn, Interval, 1700);
        Assert.True(Assert.Single(checkpoint.Outputs).Value.Count > 0);

        var second = 0;
        var resumed = await Runs.RunAsync(Build(input, output, r => { second++; return r; }), new RunOptions { RunUri = run });

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(records - checkpoint.RecordsIn, second);
        // Without checkpoints the resume would redo all 1,700 records the first run saw; with them, at most one
        // interval plus the batches that were in flight between the map and the sink.
        Assert.InRange(first + second - records, 0, Interval + 12 * BatchSize);
        Assert.Equal(cleanRows, await Runs.ReadDatasetAsync<Row>(output));
        Assert.Equal(cleanRejects, await CommittedRejectsAsync(run, output));
        Assert.Empty(Directory.GetFiles(Path.Combine(run, "checkpoints")));
    }

    [Fact]
    public async Task A_stop_mid_unit_checkpoints_where_reading_stopped_so_the_resume_redoes_nothing()
    {
        using var dir = new TempDir();
        var (input, records) = WriteInput(dir);
        var (cleanRows, cleanRejects) = await CleanRunAsync(dir, input);
        var (run, output) = (dir.File("run"), dir.File("out"));

        using var stop = new CancellationTokenSource();
        var first = 0;
        var stopped = await Runs.RunAsync(Build(input, output, r =>
        {
            if (++first == 1000) stop.Cancel();
            return r;
        }), new RunOptions { RunUri = run, Stop = stop.Token });
        Assert.Equal(RunStatus.Cancelled, stopped.Status);
        Assert.Equal(first, ReadCheckpoint(run).RecordsIn);

        var second = 0;
        var resumed = await Runs.RunAsync(Build(input, output, r => { second++; return r; }), new RunOptions { RunUri = run });

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(records, first + second);
        Assert.Equal(cleanRows, await Runs.ReadDatasetAsync<Row>(output));
        Assert.Equal(cleanRejects, await CommittedRejectsAsync(run, output));
    }

    [Fact]
    public async Task A_checkpoint_whose_shard_is_missing_is_ignored_and_the_unit_restarts()
    {
        using var dir = new TempDir();
        var (input, records) = WriteInput(dir);
        var (cleanRows, cleanRejects) = await CleanRunAsync(dir, input);
        var (run, output) = (dir.File("run"), dir.File("out"));
        await Runs.RunAsync(Build(input, output, r => r.N == 1700 ? throw new InvalidOperationException("simulated crash") : r), new RunOptions { RunUri = run });
        File.Delete(Path.Combine(output, Assert.Single(ReadCheckpoint(run).Outputs).Value[0].Key));

        var second = 0;
        var log = new StringWriter();
        var resumed = await Runs.RunAsync(Build(input, output, r => { second++; return r; }), new RunOptions { RunUri = run, Log = log });

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(records, second);
        Assert.Contains("checkpoint unusable", log.ToString());
        Assert.Equal(cleanRows, await Runs.ReadDatasetAsync<Row>(output));
        Assert.Equal(cleanRejects, await CommittedRejectsAsync(run, output));
    }

    [Fact]
    public async Task A_graph_with_a_stateful_operator_writes_no_checkpoint_and_restarts_its_unit()
    {
        using var dir = new TempDir();
        var (input, records) = WriteInput(dir);
        var (run, output) = (dir.File("run"), dir.File("out"));
        var failed = await Runs.RunAsync(Build(input, output, r => r.N == 1700 ? throw new InvalidOperationException("simulated crash") : r, stateful: true),
            new RunOptions { RunUri = run });
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoints")) && Directory.GetFiles(Path.Combine(run, "checkpoints")).Length > 0);

        var second = 0;
        var resumed = await Runs.RunAsync(Build(input, output, r => { second++; return r; }, stateful: true), new RunOptions { RunUri = run });
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(records, second);
    }

    /// <summary>A stateful operator: holds a unit's rows and emits them at its end.</summary>
    private sealed class HoldAll : IUnitAccumulator<Row, Row>
    {
        private readonly List<Row> _rows = [];
        public void Add(Row record) => _rows.Add(record);
        public IEnumerable<Row> Complete() => _rows;
    }
}
