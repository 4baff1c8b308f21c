using System.Text.Json;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Tests.Commands;

public sealed class CliCommandTests : IDisposable
{
    /// <summary>Documents to passages to Arrow shards; no embedding, so it stays fast.</summary>
    private const string ChunkScript = """
        var input = Param("input", "missing.jsonl");
        var words = Param("words", 250);
        var pipeline = Pipeline.Create("cli-chunks")
            .ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = Param("unit-bytes", 64 << 20) })
            .NormalizeWhitespace()
            .Chunk(new ChunkOptions { Words = words, PrependTitle = true })
            .WriteArrowShards(Output("out/chunks"))
            .Build();
        return pipeline;
        """;

    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static int ExpectedPassages(string input, int words)
    {
        var chunker = new PassageChunker(new ChunkOptions { Words = words });
        return File.ReadLines(input).Select(l => JsonSerializer.Deserialize<Document>(l, SluiceJson.Options)!)
            .Sum(d => chunker.Chunk(d with { Text = WhitespaceNormalizer.Normalize(d.Text) }).Count);
    }

    private DatasetManifest Manifest(string folder) =>
        JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllBytes(Path.Combine(folder, DatasetManifest.FileName)), SluiceJson.Options)!;

    [Fact]
    public async Task Run_ChunkScript_ExitsZeroAndWritesManifest()
    {
        var script = _box.Script("chunks.csx", ChunkScript);
        var output = _box.File("out");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", script, "--output", output, "--input", CliSandbox.Abstracts);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("pipeline cli-chunks: completed", stdout);
        var manifest = Manifest(output);
        Assert.Equal("arrow", manifest.Format);
        Assert.Equal(ExpectedPassages(CliSandbox.Abstracts, 250), manifest.Rows);
    }

    [Fact]
    public async Task Run_WordsParameter_ReachesScriptParam()
    {
        var script = _box.Script("chunks.csx", ChunkScript);
        var output = _box.File("out");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", script, "--output", output, "--input", CliSandbox.Abstracts, "--words", "40");

        Assert.True(exit == 0, stdout + stderr);
        var expected = ExpectedPassages(CliSandbox.Abstracts, 40);
        Assert.NotEqual(ExpectedPassages(CliSandbox.Abstracts, 250), expected);
        Assert.Equal(expected, Manifest(output).Rows);
    }

    [Fact]
    public async Task Run_CompileError_ExitsTwoPointingAtScriptLine()
    {
        var script = _box.Script("script.csx", """
            var input = Param("input", "x");
            var words = 3;
                undefinedThing(words);
            return null;
            """);

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("run", script, "--output", _box.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains($"{Path.GetFullPath(script)}(3,5): error CS0103", stderr);
        Assert.Contains("undefinedThing", stderr);
        Assert.False(Directory.Exists(_box.File("out")));
    }

    [Fact]
    public async Task Run_MissingScript_ExitsOneNamingIt()
    {
        var (exit, _, stderr) = await CliSandbox.SluiceAsync("run", _box.File("nope.csx"));

        Assert.Equal(1, exit);
        Assert.Contains("nope.csx", stderr);
    }

    [Fact]
    public async Task Run_BadLineWithStrict_ExitsOneElseRejectsAndExitsZero()
    {
        var input = _box.File("docs.jsonl");
        File.WriteAllLines(input, [
            """{"id": "a", "title": "A", "text": "one two three"}""",
            """{"id": "b", "title": "B", "text": """,
            """{"id": "c", "title": "C", "text": "four five"}""",
        ]);
        var script = _box.Script("chunks.csx", ChunkScript);

        var lenient = await CliSandbox.SluiceAsync("run", script, "--output", _box.File("lenient"), "--input", input);
        var strict = await CliSandbox.SluiceAsync("run", script, "--output", _box.File("strict"), "--input", input, "--strict");

        Assert.True(lenient.Exit == 0, lenient.Out + lenient.Err);
        Assert.Equal(2, Manifest(_box.File("lenient")).Rows);
        Assert.Contains("1 records rejected", lenient.Out);
        Assert.Equal(1, strict.Exit);
        Assert.Contains("pipeline cli-chunks: failed", strict.Out);
        Assert.Contains("docs.jsonl at record 2", strict.Out);
        Assert.False(File.Exists(Path.Combine(_box.File("strict"), DatasetManifest.FileName)));
    }

    [Fact]
    public async Task Plan_WorldSizeThree_PrintsUnitsAndEachOnOneRank()
    {
        var script = _box.Script("chunks.csx", ChunkScript);

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script, "--input", CliSandbox.Abstracts, "--unit-bytes", "50000", "--world-size", "3", "--rank", "1");

        Assert.True(exit == 0, stdout + stderr);
        var size = new FileInfo(CliSandbox.Abstracts).Length;
        var units = (int)((size + 49_999) / 50_000);
        Assert.Contains($"units: {units} ", stdout);
        Assert.Contains("assignment over 3 rank(s):", stdout);
        Assert.Contains("rank 1 (this rank):", stdout);
        Assert.Contains("fused into", stdout);
        var assigned = stdout.Split('\n').Where(l => l.TrimStart().StartsWith("rank ", StringComparison.Ordinal))
            .SelectMany(l => l[(l.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(Enumerable.Range(0, units).Select(i => $"u{i:D6}"), assigned.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "out")));
    }

    [Fact]
    public async Task Inspect_ArrowShardAndDataset_PrintsSchemaRowsAndManifestSummary()
    {
        var script = _box.Script("chunks.csx", ChunkScript);
        var output = _box.File("out");
        var run = await CliSandbox.SluiceAsync("run", script, "--output", output, "--input", CliSandbox.Abstracts);
        Assert.Equal(0, run.Exit);
        var manifest = Manifest(output);
        var shard = Path.Combine(output, manifest.Shards[0].Key);

        var (shardExit, shardOut, _) = await CliSandbox.SluiceAsync("inspect", shard);
        var (dataExit, dataOut, _) = await CliSandbox.SluiceAsync("inspect", output);

        Assert.Equal(0, shardExit);
        Assert.Contains($"{manifest.Shards[0].Rows:N0} rows", shardOut);
        Assert.Contains("schema:", shardOut);
        Assert.Contains("  doc_id:", shardOut);
        Assert.Contains("  char_start:", shardOut);
        Assert.Equal(0, dataExit);
        Assert.Contains($"dataset {output}: arrow, {manifest.Shards.Count} shards, {manifest.Rows:N0} rows", dataOut);
        Assert.Contains("pipeline cli-chunks", dataOut);
    }
}
