using System.IO.Compression;
using System.Text.Json;
using SkiaSharp;
using Sluice.Operators.Dedup;
using Sluice.Operators.Images.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Images.Tests.Dedup;

/// <summary>Image dedup across shards: a uuid repeated in another shard, and the same picture in another shard.</summary>
public sealed class ImageDedupWorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-image-dedup-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    private async Task ShardAsync(string name, params (string Uuid, byte[] Image)[] samples)
    {
        Directory.CreateDirectory(P("shards"));
        await using var file = File.Create(P($"shards/{name}.tar"));
        await using (var writer = new WebDatasetShardWriter(file))
            foreach (var (uuid, image) in samples) await writer.WriteSampleAsync(uuid, "png", image, [("alt", $"picture {uuid}")]);
    }

    private async Task<(string[] Kept, Dictionary<string, string> Rejected)> RunAsync(int maxDistance)
    {
        var options = new ImageDedupOptions { Work = P("work"), MaxDistance = maxDistance, Partitions = 3 };
        Flow<PreparedImage> Images(PipelineBuilder p) => p.ReadWebDataset(P("shards")).PrepareImages();
        var workflow = Workflow.Create("images").AddImageDedupStages(Images, options)
            .Stage("use", async ct => Images(Pipeline.Create("use")).DropRemoved(await ImageDedupWorkflow.RemovalsAsync(options, ct))
                .Map(i => new { i.Uuid, i.Source }).WriteJsonl(P("out")).Build());

        var results = await WorkflowRunner.RunAsync(workflow);

        Assert.All(results, r => Assert.True(r.Status == RunStatus.Completed, $"{r.Stage}: {r.Error}"));
        var kept = Directory.GetFiles(P("out"), "*.jsonl.gz").SelectMany(f =>
        {
            using var text = new StreamReader(new GZipStream(File.OpenRead(f), CompressionMode.Decompress));
            return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).Select(e => $"{e.GetProperty("uuid").GetString()}@{Path.GetFileName(e.GetProperty("source").GetString())}").ToArray();
        }).Order(StringComparer.Ordinal).ToArray();
        var rejected = Directory.GetFiles(Path.Combine(P("out"), "_rejects")).SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => $"{e.GetProperty("record").GetProperty("uuid").GetString()}@{Path.GetFileName(e.GetProperty("record").GetProperty("source").GetString())}",
                e => e.GetProperty("reason").GetString()!);
        return (kept, rejected);
    }

    [Fact]
    public async Task AcrossShards_RepeatedUuidAndSamePicture_FirstKeptOthersRejectedNamingIt()
    {
        await ShardAsync("a", ("u1", TestImages.Encode(64, 64, seed: 1)), ("u2", TestImages.Encode(64, 64, seed: 2)), ("u3", TestImages.Encode(64, 64, seed: 3)));
        await ShardAsync("b", ("u4", TestImages.Encode(64, 64, seed: 1)), ("u2", TestImages.Encode(64, 64, seed: 4)), ("u5", TestImages.Encode(64, 64, seed: 5)));

        var (kept, rejected) = await RunAsync(maxDistance: 0);

        Assert.Equal(["u1@a.tar", "u2@a.tar", "u3@a.tar", "u5@b.tar"], kept);
        Assert.Equal(2, rejected.Count);
        Assert.Equal("exact duplicate of u2 at u000000:1 (same uuid)", rejected["u2@b.tar"]);
        Assert.Matches(@"^perceptual duplicate of u1 at u000000:[0-9]+: pHash distance 0 \(pHash within 0 bits, across the whole dataset\)$", rejected["u4@b.tar"]);
    }

    [Fact]
    public async Task AcrossShards_ReencodedPicture_CaughtWithinTheDistance()
    {
        var original = TestImages.Encode(96, 96, seed: 3);
        var jpeg = TestImages.Encode(96, 96, SKEncodedImageFormat.Jpeg, seed: 3);
        await ShardAsync("a", ("p1", original), ("p2", TestImages.Encode(96, 96, seed: 1)));
        await ShardAsync("b", ("p3", jpeg), ("p4", TestImages.Encode(96, 96, seed: 2)));

        var (kept, rejected) = await RunAsync(maxDistance: 4);

        Assert.Equal(["p1@a.tar", "p2@a.tar", "p4@b.tar"], kept);
        Assert.Matches(@"^perceptual duplicate of p1 at u000000:[0-9]+: pHash distance [0-4] ", Assert.Single(rejected).Value);
    }
}
