using System.Text.Json;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Images.Tests.Altogether;

/// <summary>
/// The reference mode (<see cref="ImageCheckOptions.Reference"/>, <see cref="AltTextOptions.Reference"/>, no dedup)
/// captions every image that decodes with its raw alt-text set, so the reference JSON joins back to the source with no
/// holes; the default mode cleans, drops and filters.
/// </summary>
public sealed class ReferenceModeTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("altogether-reference-");

    public void Dispose() => _work.Delete(recursive: true);

    private static readonly byte[] Circle = TestImages.Encode(40, 30, seed: 1);

    private static readonly ParquetImageRow[] Rows =
    [
        new("file-name-alt", Circle, ["IMG_0042.jpg", "A  red&amp;green circle"], null),
        new("trivial-alt", TestImages.Encode(40, 30, seed: 2), ["image"], null),
        new("no-alt", TestImages.Encode(40, 30, seed: 3), [], null),
        new("empty-alt", TestImages.Encode(48, 30, seed: 6), ["", "a square"], null),
        new("tiny", TestImages.Encode(8, 8, seed: 4), ["a tiny icon of a house"], null),
        new("wide", TestImages.Encode(200, 20, seed: 5), ["a long banner"], null),
        new("same-pixels", Circle, ["another page's alt"], null),
        new("undecodable", [1, 2, 3, 4, 5, 6, 7, 8], ["a photo that never arrived"], null),
    ];

    private async Task<(Dictionary<string, string> Captioned, string[] Rejected, EchoChatClient Client)> RunAsync(
        string name, Func<Flow<ImageAltPair>, Flow<PreparedImage>> prepare)
    {
        var input = Path.Combine(_work.FullName, name, "in", "00007.parquet");
        await ParquetImageFiles.WriteAsync(input, Rows);
        var outDir = Path.Combine(_work.FullName, name, "out");
        var client = new EchoChatClient();
        var p = Pipeline.Create(name, new PipelineOptions { RejectsUri = outDir + "/rejects" });
        var pipeline = prepare(p.ReadParquetImages(input)).Realign(client).WriteAltogetherJson(outDir + "/json").Build();
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = outDir + "/stats.json" });
        Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());

        var captioned = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(outDir + "/json", "*.json", SearchOption.AllDirectories).Where(f => !f.EndsWith("_manifest.json")))
            foreach (var (uuid, value) in JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(file))!)
                captioned.Add(uuid, value["altogether"]);
        var rejected = Directory.Exists(outDir + "/rejects")
            ? Directory.GetFiles(outDir + "/rejects", "*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
                .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!)
                .Select(r => JsonDocument.Parse(r.Record!).RootElement.GetProperty("uuid").GetString()!).Order(StringComparer.Ordinal).ToArray()
            : [];
        return (captioned, rejected, client);
    }

    [Fact]
    public async Task ReferenceMode_CaptionsEveryDecodableImageWithRawAlts_JoinsBackWithoutHoles()
    {
        var (captioned, rejected, client) = await RunAsync("reference",
            f => f.PrepareImages(ImageCheckOptions.Reference).CleanAltTexts(AltTextOptions.Reference));

        var decodable = Rows.Select(r => r.Uuid).Where(u => u != "undecodable").ToArray();
        Assert.Equal(decodable.Order(StringComparer.Ordinal), captioned.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["undecodable"], rejected);
        // Prompts are the raw alt-text set joined with "; ": nothing decoded, collapsed or dropped; empty alts joined too.
        var prompts = client.Requests.Select(r => r.Prompt).ToHashSet();
        Assert.Contains("IMG_0042.jpg; A  red&amp;green circle", prompts);
        Assert.Contains("image", prompts);
        Assert.Contains("; a square", prompts);
        Assert.Contains("", prompts); // the image without alt-text still gets a request, with an empty alt prompt
        Assert.Equal(decodable.Length, client.Requests.Count);
    }

    [Fact]
    public async Task DefaultMode_SameInput_CleansDropsAndFilters()
    {
        var (captioned, rejected, client) = await RunAsync("default",
            f => f.PrepareImages().DedupImages().CleanAltTexts(new AltTextOptions { RequireAltText = true }));

        Assert.Equal(["empty-alt", "file-name-alt"], captioned.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["no-alt", "same-pixels", "tiny", "trivial-alt", "undecodable", "wide"], rejected);
        Assert.Equal(["A red&green circle", "a square"], client.Requests.Select(r => r.Prompt).Order(StringComparer.Ordinal));
    }
}
