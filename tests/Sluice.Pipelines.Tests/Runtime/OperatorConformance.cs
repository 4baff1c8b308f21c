using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Runtime;

/// <summary>
/// The checks every operator kind must pass, each building the case's pipeline over two JSONL inputs (units
/// u000000 and u000001) in a fresh folder. Each check asserts the outputs of every sink of the case.
/// </summary>
public static class OperatorConformance
{
    private static readonly PipelineOptions Small = new() { BatchSize = 4, LinkCapacity = 2, Parallelism = 3, SourceParallelism = 2 };

    private sealed class Fixture : IDisposable
    {
        public readonly TempDir Dir = new();

        public Fixture()
        {
            Directory.CreateDirectory(Path.Combine(Dir.Path, "in"));
            InputA = Path.Combine(Dir.Path, "in", "a.jsonl");
            InputB = Path.Combine(Dir.Path, "in", "b.jsonl");
            Output = Path.Combine(Dir.Path, "out");
        }

        public string InputA { get; }
        public string InputB { get; }
        public string Output { get; }

        public static string UriOf(string path) => "file://" + Path.GetFullPath(path);

        public Pipeline Build(OperatorCase c, PipelineOptions options, Func<Row, Row> hook) =>
            c.Build(new CaseInput(InputA, InputB, Output, options, hook));

        public void Dispose() => Dir.Dispose();
    }

    private static IEnumerable<string> SinkOutputs(Pipeline p) => p.Sinks.Cast<ISinkNode>().Select(s => s.OutputUri);

    private static IReadOnlyList<Row> Rows(int from, int count) => Enumerable.Range(from, count).Select(Row.Make).ToArray();

    /// <summary>Empty inputs: the run completes, every sink has a manifest with no rows, each unit is committed.</summary>
    public static async Task EmptyInputAsync(OperatorCase c)
    {
        using var f = new Fixture();
        File.WriteAllText(f.InputA, "");
        File.WriteAllText(f.InputB, "");
        var pipeline = f.Build(c, Small, r => r);

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(2, result.UnitsCommitted);
        Assert.True(result.ManifestsWritten);
        foreach (var output in SinkOutputs(pipeline))
        {
            var manifest = Runs.ReadManifest(output);
            Assert.NotNull(manifest);
            Assert.Equal(0, manifest.Rows);
            // One empty shard per unit, so an empty unit is visibly done.
            Assert.Equal(2, manifest.Shards.Count);
            Assert.All(manifest.Shards, s => Assert.True(File.Exists(Path.Combine(output, s.Key)), s.Key));
            Assert.Empty(await ReadAnyAsync(output));
        }
    }

    /// <summary>A normal run completes with every sink holding exactly the expected records, in input order.</summary>
    public static async Task CompletionAsync(OperatorCase c)
    {
        using var f = new Fixture();
        var a = Rows(1, 30);
        var b = Rows(31, 30);
        Runs.WriteJsonl(f.InputA, a);
        Runs.WriteJsonl(f.InputB, b);
        var pipeline = f.Build(c, Small, r => r);

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(2, result.UnitsPlanned);
        Assert.Equal(2, result.UnitsCommitted);
        Assert.True(result.ManifestsWritten);
        var expected = c.Expected([.. a, .. b]);
        foreach (var output in SinkOutputs(pipeline)) AssertRows(expected, await ReadAnyAsync(output));
    }

    /// <summary>
    /// A delegate (or, for sinks, a record the sink cannot write) that throws fails the run without hanging, with an
    /// <see cref="OperatorException"/> naming the operator, the unit, the file and the record; no manifest is written.
    /// </summary>
    public static async Task FaultAsync(OperatorCase c)
    {
        using var f = new Fixture();
        const int poisonLine = 7; // of input B, so unit u000001
        var a = Rows(1, 30);
        var b = Rows(31, 30).ToArray();
        var target = b[poisonLine - 1];
        Runs.WriteJsonl(f.InputA, a);
        var linesB = b.Select(Runs.JsonLine).ToArray();
        // Written by hand: serializing a poisoned row would throw here, which is the point of it.
        if (c.FaultFromData) linesB[poisonLine - 1] = $$"""{"id": "{{target.Id}}", "n": {{target.N}}, "text": "{{Row.Poison}}"}""";
        File.WriteAllLines(f.InputB, linesB);
        var hook = c.FaultFromData
            ? (Func<Row, Row>)(r => r)
            : r => r.Id == target.Id ? throw new InvalidOperationException($"hook refused {r.Id}") : r;
        var pipeline = f.Build(c, Small, hook);

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.False(result.ManifestsWritten);
        var fault = Assert.IsType<OperatorException>(result.Error);
        Assert.Equal(c.FaultingOperator, fault.Operator);
        Assert.Equal("u000001", fault.Unit);
        Assert.Equal(Fixture.UriOf(f.InputB), fault.File);
        if (c.BatchLevelFault)
        {
            // The fault names the batch that failed: its first record's line, at most a batch before the bad record.
            Assert.InRange(fault.Position, Math.Max(1, poisonLine - Small.BatchSize + 1), poisonLine);
        }
        else
        {
            Assert.Equal(poisonLine, fault.Position);
            Assert.Equal(target.Id, fault.RecordId);
            Assert.Contains(target.Id, fault.Message);
        }
        Assert.Contains($"'{c.FaultingOperator}'", fault.Message);
        Assert.Contains("u000001", fault.Message);
        foreach (var output in SinkOutputs(pipeline)) Assert.Null(Runs.ReadManifest(output));
    }

    /// <summary>
    /// A stop while unit u000001 is being processed ends the run as cancelled: u000000 is committed, u000001 is not and
    /// left no shards, and no manifest claims anything.
    /// </summary>
    public static async Task CancellationAsync(OperatorCase c)
    {
        using var f = new Fixture();
        var a = Rows(1, 30);
        var b = Rows(31, 800);
        Runs.WriteJsonl(f.InputA, a);
        Runs.WriteJsonl(f.InputB, b);
        using var stop = new CancellationTokenSource();
        // One unit at a time: A is read to its end before B starts, so the stop lands inside B.
        var options = Small with { SourceParallelism = 1 };
        var pipeline = f.Build(c, options, r =>
        {
            if (r.Id == b[0].Id) stop.Cancel();
            return r;
        });
        var committer = new InMemoryCommitter();

        var result = await Runs.RunAsync(pipeline, new RunOptions { Stop = stop.Token, Committer = committer });

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Null(result.Error);
        Assert.False(result.ManifestsWritten);
        var committed = (await committer.CommittedAsync(CancellationToken.None)).Select(u => u.Unit.Id).ToArray();
        // A merge reads its two sources side by side, so A may be cut short too; elsewhere A ends before B starts.
        if (c.Label == "merge") Assert.Subset(new HashSet<string> { "u000000" }, committed.ToHashSet());
        else Assert.Equal(["u000000"], committed);
        Assert.Equal(committed.Length, result.UnitsCommitted);
        foreach (var output in SinkOutputs(pipeline))
        {
            Assert.Null(Runs.ReadManifest(output));
            var shards = Runs.ShardFiles(output);
            Assert.Equal(committed.Length > 0, shards.Length > 0);
            if (shards.Length == 0) continue;
            Assert.All(shards, s => Assert.Contains("-u000000-", s));
            var format = FormatOf(shards[0]);
            var rows = new List<Row>();
            foreach (var s in shards) rows.AddRange(await Runs.ReadShardAsync<Row>(Path.Combine(output, s), format));
            AssertRows(c.Expected(a), rows);
        }
    }

    /// <summary>
    /// Bad lines and the case's own filter become rejects under the first sink's <c>_rejects/</c> with operator, unit,
    /// file, position and reason; every valid record still reaches the output.
    /// </summary>
    public static async Task RejectsAsync(OperatorCase c)
    {
        using var f = new Fixture();
        var a = Rows(1, 12);
        var lines = a.Select(Runs.JsonLine).ToList();
        const int badLine = 5;
        lines.Insert(badLine - 1, """{"id": "broken", "n": oops}""");
        File.WriteAllLines(f.InputA, lines);
        var b = Rows(13, 8);
        Runs.WriteJsonl(f.InputB, b);
        var pipeline = f.Build(c, Small, r => r);

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        foreach (var output in SinkOutputs(pipeline)) AssertRows(c.Expected([.. a, .. b]), await ReadAnyAsync(output));
        var rejects = Runs.ReadRejects(Path.Combine(SinkOutputs(pipeline).First(), "_rejects"));
        var malformed = Assert.Single(rejects, r => r.Reason.Contains("malformed JSON"));
        Assert.StartsWith("read", malformed.Operator);
        Assert.Equal("u000000", malformed.Unit);
        Assert.Equal(Fixture.UriOf(f.InputA), malformed.File);
        Assert.Equal(badLine, malformed.Position);
        Assert.Contains("line 5", malformed.Reason);
        var expectedFilterRejects = 0;
        if (c.FilterRejects is var (rejected, op, reason))
        {
            // Line numbers: A's rows sit after the bad line from line 5 on.
            long LineOf(Row r) => r.N <= 12 ? (r.N < badLine ? r.N : r.N + 1) : r.N - 12;
            var expected = a.Concat(b).Where(rejected).ToArray();
            var actual = rejects.Where(r => r.Operator == op).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            foreach (var row in expected)
            {
                var reject = Assert.Single(actual, r => r.Record is not null && r.Record.Contains($"\"{row.Id}\""));
                Assert.Contains(reason, reject.Reason);
                Assert.Equal(LineOf(row), reject.Position);
                Assert.Equal(row.N <= 12 ? "u000000" : "u000001", reject.Unit);
                Assert.Equal(Fixture.UriOf(row.N <= 12 ? f.InputA : f.InputB), reject.File);
            }
            expectedFilterRejects = expected.Length;
        }
        Assert.Equal(1 + expectedFilterRejects, rejects.Count);
        Assert.Equal(rejects.Count, result.Rejected);
    }

    /// <summary>
    /// Output order within a unit is input order even with several batches in flight, tiny batches and operators
    /// that take uneven time per record; two runs write the same records in the same order.
    /// </summary>
    public static async Task OrderAsync(OperatorCase c)
    {
        using var f = new Fixture();
        var a = Rows(1, 400);
        var b = Rows(401, 250);
        Runs.WriteJsonl(f.InputA, a);
        Runs.WriteJsonl(f.InputB, b);
        var options = new PipelineOptions { BatchSize = 3, LinkCapacity = 2, Parallelism = 4, SourceParallelism = 2 };
        // Uneven work per record makes later batches finish first when nothing keeps the order.
        var pipeline = f.Build(c, options, r =>
        {
            Thread.SpinWait((int)(r.N * 7919 % 13) * 2000);
            return r;
        });

        var first = await Runs.RunAsync(pipeline);
        Assert.Equal(RunStatus.Completed, first.Status);
        var outputs = new List<List<Row>>();
        foreach (var output in SinkOutputs(pipeline)) outputs.Add(await ReadAnyAsync(output));
        var expected = c.Expected([.. a, .. b]);
        foreach (var rows in outputs) AssertRows(expected, rows);
    }

    private static async Task<List<Row>> ReadAnyAsync(string folder) => await Runs.ReadDatasetAsync<Row>(folder);

    private static string FormatOf(string shard) =>
        shard.EndsWith(".parquet", StringComparison.Ordinal) ? "parquet" : shard.EndsWith(".arrow", StringComparison.Ordinal) ? "arrow" : "jsonl";

    /// <summary>Compares by id so a failure shows which record moved or went missing.</summary>
    private static void AssertRows(IReadOnlyList<Row> expected, IReadOnlyList<Row> actual)
    {
        Assert.Equal(expected.Select(r => r.Id), actual.Select(r => r.Id));
        Assert.Equal(expected.Select(r => (r.N, r.Text)), actual.Select(r => (r.N, r.Text)));
    }
}
