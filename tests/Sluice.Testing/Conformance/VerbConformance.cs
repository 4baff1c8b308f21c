using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Catalog;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Xunit;

namespace Sluice.Testing.Conformance;

/// <summary>
/// The checks every public verb passes, TPL Dataflow style: one helper that each verb's case runs through. A verb
/// is known by its key (<see cref="KeyOf"/>); <see cref="Uncovered"/> lists the verbs of a catalogue with neither a
/// case nor an exclusion, so a new verb cannot slip past the suite.
/// </summary>
public static class VerbConformance
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>A verb's key: its name and the names of its defaulted options, <c>Chunk(prependTitle, name)</c>.</summary>
    public static string KeyOf(VerbEntry verb) => $"{verb.Name}({string.Join(", ", verb.Options.Select(o => o.Name))})";

    /// <summary>
    /// Problems of a table against a catalogue: a verb with neither a case nor an exclusion, a key with both, a key
    /// given twice, and a key that names no verb (left behind when a verb changed).
    /// </summary>
    public static IReadOnlyList<string> Uncovered(IEnumerable<VerbEntry> catalogue, IEnumerable<VerbCase> cases, IEnumerable<VerbExclusion> exclusions)
    {
        var verbs = catalogue.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        var covered = cases.Select(c => c.Verb).ToList();
        var excluded = exclusions.Select(e => e.Verb).ToList();
        var problems = new List<string>();
        problems.AddRange(verbs.Where(v => !covered.Contains(v) && !excluded.Contains(v)).Order(StringComparer.Ordinal)
            .Select(v => $"{v}: no conformance case and no exclusion"));
        var both = covered.Intersect(excluded).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(both.Select(v => $"{v}: both a case and an exclusion"));
        problems.AddRange(covered.Concat(excluded).GroupBy(v => v).Where(g => g.Count() > 1 && !both.Contains(g.Key))
            .Select(g => $"{g.Key}: listed {g.Count()} times"));
        problems.AddRange(covered.Concat(excluded).Distinct().Where(v => !verbs.Contains(v)).Select(v => $"{v}: no such public verb"));
        return problems;
    }

    /// <summary>No input: the run completes, and every sink's manifest lists no records.</summary>
    public static async Task EmptyInputAsync(VerbCase c)
    {
        if (c.NoEmpty is not null) return;
        using var run = new VerbRun(VerbCheck.Empty);
        var (pipeline, result) = await RunAsync(c, run);

        Assert.True(result.Status == RunStatus.Completed, $"{c.Verb}: {result.Status} {result.Error}");
        Assert.Equal(pipeline.Sinks.Count, result.Outputs.Count);
        foreach (var (sink, uri) in result.Outputs)
        {
            var manifest = ReadManifest(uri);
            Assert.True(manifest is not null, $"{c.Verb}: sink {sink} wrote no manifest");
            Assert.Equal(0, manifest.Rows);
        }
    }

    /// <summary>The sample input: the run completes; each reject names the verb's node or the source, and gives a reason.</summary>
    public static async Task RejectsCarryReasonsAsync(VerbCase c)
    {
        using var run = new VerbRun(VerbCheck.Sample);
        var (pipeline, result) = await RunAsync(c, run);

        Assert.True(result.Status == RunStatus.Completed, $"{c.Verb}: {result.Status} {result.Error}");
        var rejects = ReadRejects(result.Outputs[pipeline.Sinks[0].Name]);
        Assert.Equal(result.Rejected, rejects.Count);
        Assert.All(rejects, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{c.Verb}: a reject of {r.Operator} has no reason");
            Assert.Contains(r.Operator, pipeline.Nodes.Select(n => n.Name));
        });
        if (c.Rejects) Assert.Contains(rejects, r => IsUnderTest(r.Operator));
    }

    /// <summary>The poison input: the run fails with an <see cref="OperatorException"/> that names the verb's node.</summary>
    public static async Task FaultNamesOperatorAsync(VerbCase c)
    {
        if (c.NoFault is not null) return;
        using var run = new VerbRun(VerbCheck.Fault);
        var (_, result) = await RunAsync(c, run);

        Assert.True(result.Status == RunStatus.Failed, $"{c.Verb}: {result.Status}, expected a fault from its poison");
        var fault = Assert.IsType<OperatorException>(result.Error);
        Assert.True(IsUnderTest(fault.Operator), $"{c.Verb}: the fault names '{fault.Operator}', not the verb's node: {fault.Message}");
        Assert.Contains($"'{fault.Operator}'", fault.Message);
    }

    /// <summary>A stop while the run is open ends it as cancelled, without an error, in bounded time.</summary>
    public static async Task CancellationEndsRunAsync(VerbCase c)
    {
        using var run = new VerbRun(VerbCheck.Cancel);
        var (_, result) = await RunAsync(c, run);

        Assert.True(result.Status == RunStatus.Cancelled, $"{c.Verb}: {result.Status} {result.Error}");
        Assert.Null(result.Error);
        Assert.False(result.ManifestsWritten);
    }

    /// <summary>
    /// Stopped half-way in a run folder with checkpoints every two records, then run again: the second run completes
    /// and every sink holds the records a run that was never stopped writes (as a set; the engine keeps input order per
    /// unit, but a verb's own order, such as a merge's, may differ between runs). Operators that cannot checkpoint
    /// restart their unit instead, which must give the same records too.
    /// </summary>
    public static async Task ResumeGivesTheCleanOutputAsync(VerbCase c)
    {
        using var clean = new VerbRun(VerbCheck.Sample);
        var (pipeline, cleanResult) = await RunAsync(c, clean);
        Assert.True(cleanResult.Status == RunStatus.Completed, $"{c.Verb}: {cleanResult.Status} {cleanResult.Error}");

        using var first = new VerbRun(VerbCheck.Resume);
        var runUri = Path.Combine(first.Folder, "run");
        var (_, stopped) = await RunAsync(c, first, runUri);
        Assert.True(stopped.Status is RunStatus.Cancelled or RunStatus.Completed, $"{c.Verb}: first run {stopped.Status} {stopped.Error}");
        using var second = new VerbRun(VerbCheck.Resume, resumes: first);
        var (_, resumed) = await RunAsync(c, second, runUri);
        Assert.True(resumed.Status == RunStatus.Completed, $"{c.Verb}: resumed run {resumed.Status} {resumed.Error}");

        foreach (var sink in pipeline.Sinks)
        {
            var expected = await RecordsAsync(cleanResult.Outputs[sink.Name], clean.Folder);
            var actual = await RecordsAsync(resumed.Outputs[sink.Name], first.Folder);
            Assert.True(expected.SequenceEqual(actual), $"{c.Verb}: sink {sink.Name} holds {actual.Count} records after the resume, {expected.Count} after a clean run");
        }
    }

    // A dataset's records as sorted lines: JSONL shards line by line (a record may be any JSON value), Parquet and
    // Arrow read as rows. A sink of another kind (per-record files) is compared by nothing. The run's folder is
    // replaced by a placeholder, since sources name the files they read.
    private static async Task<List<string>> RecordsAsync(string outputUri, string folder)
    {
        var lines = new List<string>();
        switch (ReadManifest(outputUri))
        {
            case { Format: "jsonl" } jsonl:
                foreach (var shard in jsonl.Shards)
                {
                    await using var file = File.OpenRead(Path.Combine(LocalPath(outputUri), shard.Key));
                    await using var text = CompressionCodec.OpenRead(file, CompressionCodec.FromKey(shard.Key));
                    using var reader = new StreamReader(text);
                    while (await reader.ReadLineAsync() is { } line) if (line.Length > 0) lines.Add(line);
                }
                break;
            case { Format: "parquet" or "arrow" }:
                await foreach (var row in DatasetReader.ReadAsync<Row>(outputUri)) lines.Add(row.ToString());
                break;
        }
        var placed = lines.Select(l => l.Replace(folder, "{folder}", StringComparison.Ordinal)).ToList();
        placed.Sort(StringComparer.Ordinal);
        return placed;
    }

    private static async Task<(Pipeline Pipeline, RunResult Result)> RunAsync(VerbCase c, VerbRun run, string? runUri = null)
    {
        var pipeline = c.Build(run).Build();
        Assert.Contains(pipeline.Nodes, n => IsUnderTest(n.Name));
        var options = new RunOptions { Stop = run.Stop, StatsUri = Path.Combine(run.Folder, RunLayout.StatsKey), RunUri = runUri, Log = TextWriter.Null };
        var result = await PipelineRunner.RunAsync(pipeline, options).WaitAsync(Patience);
        return (pipeline, result);
    }

    /// <summary>The verb's node, or one of the nodes a composite verb adds under its name (<c>under-test-decode</c>).</summary>
    private static bool IsUnderTest(string node) => node == VerbRun.UnderTest || node.StartsWith(VerbRun.UnderTest + "-", StringComparison.Ordinal);

    private static DatasetManifest? ReadManifest(string outputUri)
    {
        var path = Path.Combine(LocalPath(outputUri), RunLayout.DatasetManifestKey);
        return File.Exists(path) ? JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllBytes(path), SluiceJson.Options) : null;
    }

    private static List<RejectRecord> ReadRejects(string firstOutputUri)
    {
        var folder = LocalPath(RunLayout.RejectsUri(firstOutputUri));
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!).ToList();
    }

    private static string LocalPath(string uri) => uri.StartsWith("file://", StringComparison.Ordinal) ? uri["file://".Length..] : uri;
}
