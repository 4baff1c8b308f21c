using System.Security.Cryptography;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Sinks;

public sealed class ShardSinkTests
{
    [Fact]
    public async Task ArrowShardSink_EmptyUnit_ShardReadsBackEmpty()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("empty.jsonl"), "");
        var output = Path.Combine(dir.Path, "out");
        var result = await Runs.RunAsync(Pipeline.Create("empty-arrow").ReadJsonl<Row>(dir.File("empty.jsonl")).WriteArrowShards(output).Build());

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Empty(await Runs.ReadDatasetAsync<Row>(output));
    }

    [Fact]
    public async Task ArrowShardSink_Records_SchemaAndMetadataMatchRecordType()
    {
        using var dir = new TempDir();
        Runs.WriteJsonl(dir.File("in.jsonl"), Enumerable.Range(0, 25).Select(Row.Make));
        var output = Path.Combine(dir.Path, "out");
        var result = await Runs.RunAsync(Pipeline.Create("arrow-schema").ReadJsonl<Row>(dir.File("in.jsonl"))
            .WriteArrowShards(output, metadata: new Dictionary<string, string> { ["model"] = "none" }).Build());

        Assert.Equal(RunStatus.Completed, result.Status);
        var manifest = Runs.ReadManifest(output)!;
        Assert.Equal("arrow", manifest.Format);
        Assert.Equal("none", manifest.Metadata!["model"]);
        await using var shard = File.OpenRead(Path.Combine(output, Assert.Single(manifest.Shards).Key));
        var info = await ArrowFormat.InspectAsync(shard);
        Assert.Equal(25, info.RowCount);
        Assert.Equal(["id", "n", "text"], info.Columns.Select(c => c.Split(':')[0]));
        Assert.Equal("none", info.Metadata["model"]);
    }

    [Fact]
    public async Task JsonlSink_SmallShardRows_RollsShardsWithChecksums()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 35).Select(Row.Make).ToArray();
        Runs.WriteJsonl(dir.File("in.jsonl"), rows);
        var output = Path.Combine(dir.Path, "out");
        var result = await Runs.RunAsync(Pipeline.Create("rolling", new PipelineOptions { BatchSize = 5 }).ReadJsonl<Row>(dir.File("in.jsonl"))
            .WriteJsonl(output, Compression.Gzip, new ShardSinkOptions { ShardRows = 10 }).Build());

        Assert.Equal(RunStatus.Completed, result.Status);
        var manifest = Runs.ReadManifest(output)!;
        Assert.Equal([10L, 10, 10, 5], manifest.Shards.Select(s => s.Rows));
        Assert.Equal(35, manifest.Rows);
        foreach (var shard in manifest.Shards)
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, shard.Key));
            Assert.Equal(shard.Bytes, bytes.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), shard.Sha256);
        }
        Assert.Equal(rows.Select(r => r.Id), (await Runs.ReadDatasetAsync<Row>(output)).Select(r => r.Id));
    }
}
