using System.Diagnostics;
using System.Text.Json;
using Sluice.Operators.Text;
using Sluice.Operators.Training;
using Sluice.Operators.Training.Megatron;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Training;

/// <summary>
/// Tokenize → pack stage → Megatron export step, end to end: the .idx/.bin pair read back by an independent Python
/// reader, byte-identical output across runs and across 1 and 2 ranks.
/// </summary>
public sealed class MegatronWorkflowTests : IDisposable
{
    private const int SequenceLength = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-pack-").FullName;

    public MegatronWorkflowTests()
    {
        // Four files (four work units); lengths from 1 to ~90 tokens, so documents fall inside, across and exactly on
        // sequence boundaries; one empty document, which is rejected.
        var random = new Random(18);
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "Sluice", "packs", "tokens", "ünïcödé", "日本"];
        for (int f = 0; f < 4; f++)
        {
            var lines = Enumerable.Range(0, 6).Select(i =>
            {
                var text = f == 2 && i == 3 ? "" : string.Join(' ', Enumerable.Range(0, random.Next(1, 60)).Select(_ => words[random.Next(words.Length)]));
                return JsonSerializer.Serialize(new { id = $"f{f}-{i}", title = (string?)null, text });
            });
            File.WriteAllLines(P($"in/part-{f}.jsonl"), lines);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private Workflow Training(string output, MegatronLayout layout = MegatronLayout.Documents, int views = 1)
    {
        var packed = Path.Combine(output, "packed");
        return Workflow.Create("training-data")
            .Stage("pack", () => Pipeline.Create("pack")
                .ReadJsonl<Document>(Path.Combine(_dir, "in", "*.jsonl"))
                .Tokenize()
                .PackTokens(new PackOptions { SequenceLength = SequenceLength, Views = views })
                .WriteParquet(packed).Build())
            .Step("megatron", async ct => await MegatronExport.WriteAsync(packed, output,
                new MegatronExportOptions { VocabularySize = TrainingTokenizer.Load().VocabularySize, Layout = layout }, ct));
    }

    private async Task<string> RunAsync(string name, int ranks = 1, MegatronLayout layout = MegatronLayout.Documents, int views = 1)
    {
        var output = P(name + "/out/x").Replace("/x", "");
        var workflow = Training(output, layout, views);
        var runs = Enumerable.Range(0, ranks).Select(rank => WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            RunUri = Path.Combine(_dir, name, "run"), Rank = new RankInfo(rank, ranks), PollInterval = TimeSpan.FromMilliseconds(50),
        }));
        foreach (var results in await Task.WhenAll(runs))
            Assert.All(results, r => Assert.True(r.Status == RunStatus.Completed, $"{r.Stage}: {r.Status} {r.Error}"));
        return output;
    }

    private async Task<IReadOnlyList<WorkflowStageResult>> RunOnceAsync(string name, int views) =>
        await WorkflowRunner.RunAsync(Training(P(name + "/out/x").Replace("/x", ""), views: views), new WorkflowRunOptions
        {
            RunUri = Path.Combine(_dir, name, "run"), PollInterval = TimeSpan.FromMilliseconds(50),
        });

    [Fact]
    public async Task PackedWithViews_ExportRefusesInsteadOfDuplicatingTheOverlap()
    {
        var results = await RunOnceAsync("views", views: 2);
        var step = Assert.Single(results, r => r.Stage == "megatron");
        Assert.NotEqual(RunStatus.Completed, step.Status);
        Assert.Contains("2 views", step.Error?.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "views", "out", "tokens.idx")));
    }

    // The documents as the tokenizer alone makes them, in unit (file) then line order: what the .bin must hold.
    private List<int[]> DirectlyTokenized()
    {
        var tokenizer = TrainingTokenizer.Load();
        return Directory.GetFiles(Path.Combine(_dir, "in")).Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines)
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l))
            .Select(e => tokenizer.Tokenize(e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()))
            .Where(r => !r.IsRejected).Select(r => r.Value!.Tokens).ToList();
    }

    private static async Task<JsonElement> ReadWithPythonAsync(string prefix)
    {
        var psi = new ProcessStartInfo(PythonFactAttribute.Python!, [RepoPaths.Of("tests", "Sluice.Operators.Tests", "Training", "read_megatron.py"), prefix])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return JsonSerializer.Deserialize<JsonElement>(await stdout);
    }

    [PythonFact]
    public async Task Documents_PythonReader_SeesEveryDocumentAsTokenizedAndTheSegmentsAsPacked()
    {
        var output = await RunAsync("one");
        var read = await ReadWithPythonAsync(Path.Combine(output, "tokens"));
        Assert.Equal("uint16", read.GetProperty("dtype").GetString());
        var items = read.GetProperty("items").EnumerateArray().Select(i => i.EnumerateArray().Select(t => t.GetInt32()).ToArray()).ToList();
        var documents = read.GetProperty("documents").EnumerateArray()
            .Select(d => d.EnumerateArray().SelectMany(i => items[i.GetInt32()]).ToArray()).ToList();

        var expected = DirectlyTokenized();
        Assert.Equal(23, expected.Count);
        Assert.Equal(expected, documents);

        // Items are the packed segments, in order: each fits in a sequence, and they tile the packed sequences' data.
        var packed = new List<PackedSequence>();
        await foreach (var s in DatasetReader.ReadAsync<PackedSequence>(Path.Combine(output, "packed"))) packed.Add(s);
        var segments = packed.SelectMany(s => s.SegmentStarts.Select((start, i) =>
            s.Tokens[start..(i + 1 < s.SegmentStarts.Length ? s.SegmentStarts[i + 1] : s.Length)])).ToList();
        Assert.Equal(segments, items);
        Assert.All(items, i => Assert.InRange(i.Length, 1, SequenceLength));
        Assert.Contains(packed, s => s.ContinuesDocument);
        Assert.Equal(4, packed.Select(s => s.Unit).Distinct().Count());

        // The empty document is a reject with its reason, not lost silently.
        var reject = JsonSerializer.Deserialize<JsonElement>(Assert.Single(
            Directory.GetFiles(Path.Combine(output, "packed", "_rejects")).SelectMany(File.ReadAllLines)));
        Assert.Equal("empty text: nothing to tokenize", reject.GetProperty("reason").GetString());
        Assert.Equal("f2-3", reject.GetProperty("record").GetProperty("id").GetString());
    }

    [PythonFact]
    public async Task Sequences_PythonReader_OneFixedLengthItemPerPackedSequence()
    {
        var output = await RunAsync("seq", layout: MegatronLayout.Sequences);
        var read = await ReadWithPythonAsync(Path.Combine(output, "tokens"));
        var items = read.GetProperty("items").EnumerateArray().Select(i => i.EnumerateArray().Select(t => t.GetInt32()).ToArray()).ToList();
        Assert.All(items, i => Assert.Equal(SequenceLength, i.Length));
        Assert.Equal(items.Count, read.GetProperty("documents").GetArrayLength());
        var packed = new List<int[]>();
        await foreach (var s in DatasetReader.ReadAsync<PackedSequence>(Path.Combine(output, "packed"))) packed.Add(s.Tokens);
        Assert.Equal(packed, items);
    }

    [Fact]
    public async Task TwoRunsAndTwoRanks_ByteIdenticalBinAndIdx()
    {
        var first = await RunAsync("a");
        var second = await RunAsync("b");
        var twoRanks = await RunAsync("c", ranks: 2);
        foreach (var file in new[] { "tokens.bin", "tokens.idx" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(first, file));
            Assert.NotEmpty(bytes);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(second, file)));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(twoRanks, file)));
        }
    }

    [Fact]
    public async Task Export_FailsPartWay_LeavesNoIndexAndNoHalfBin()
    {
        var output = await RunAsync("fail");
        var idx = Path.Combine(output, "tokens.idx");
        var bin = Path.Combine(output, "tokens.bin");
        var binBefore = await File.ReadAllBytesAsync(bin);
        // Re-exported with a vocabulary smaller than gpt2's, the export fails on the first id outside it, part-way.
        await Assert.ThrowsAsync<InvalidDataException>(() => MegatronExport.WriteAsync(Path.Combine(output, "packed"), output,
            new MegatronExportOptions { VocabularySize = 1000, Prefix = "tokens" }));
        Assert.False(File.Exists(idx), "a failed export must not leave an index describing another .bin");
        Assert.Equal(binBefore, await File.ReadAllBytesAsync(bin));
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
    }
}
