using System.IO.Compression;
using System.Text.Json;
using Sluice.Operators.Multimodal;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Tests.Multimodal;

/// <summary>Packing is per work unit, so the sequences do not depend on how many ranks run them.</summary>
public sealed class InterleavedPackRankTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-mm-ranks-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    private async Task<List<string>> PackAsync(string output, int ranks)
    {
        var options = new InterleavedPackOptions { SequenceLength = 16, EndOfDocumentToken = 2 };
        var workflow = Workflow.Create("pack").Stage("pack", () => Pipeline.Create("pack")
            .ReadJsonl<InterleavedDocument>(P("in")).PackInterleaved(options).WriteJsonl(output).Build());
        var runs = Enumerable.Range(0, ranks).Select(rank => WorkflowRunner.RunAsync(workflow, new WorkflowRunOptions
        {
            RunUri = ranks > 1 ? P($"run-{ranks}") : null, Rank = new RankInfo(rank, ranks), PollInterval = TimeSpan.FromMilliseconds(50),
        }));
        foreach (var results in await Task.WhenAll(runs))
            Assert.All(results, r => Assert.True(r.Status == RunStatus.Completed, $"{r.Stage}: {r.Status} {r.Error}"));
        // Every line: the whole sequence as JSON, so ids, tokens, modalities and boundaries all count.
        return Directory.GetFiles(output, "*.jsonl.gz").SelectMany(f =>
        {
            using var text = new StreamReader(new GZipStream(File.OpenRead(f), CompressionMode.Decompress));
            return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task PackInterleaved_TwoRanks_SameSequencesAsOne()
    {
        Directory.CreateDirectory(P("in"));
        var rng = new Random(5);
        for (var f = 0; f < 4; f++)
            File.WriteAllLines(P($"in/part-{f}.jsonl"), Enumerable.Range(0, 25).Select(d =>
            {
                var spans = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => rng.Next(3) switch
                {
                    0 => new ModalSpan("image", [.. Enumerable.Range(1000, rng.Next(1, 17))]),
                    1 => new ModalSpan("speech", [.. Enumerable.Range(2000, rng.Next(1, 9))]),
                    _ => new ModalSpan("text", [.. Enumerable.Range(10, rng.Next(1, 40))]),
                }).ToList();
                return JsonSerializer.Serialize(new InterleavedDocument($"f{f}-d{d}", spans), Sluice.Storage.Formats.SluiceJson.Options);
            }));

        var one = await PackAsync(P("out-1"), 1);
        var two = await PackAsync(P("out-2"), 2);

        Assert.NotEmpty(one);
        Assert.Equal(one, two);
    }
}
