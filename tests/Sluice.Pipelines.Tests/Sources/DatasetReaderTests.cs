using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Sources;

public sealed class DatasetReaderTests
{
    [Theory]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task ReadAsync_StreamsExactlyTheManifestsShardsInOrder(string format)
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 57).Select(Row.Make).ToArray();
        Runs.WriteJsonl(dir.File("in.jsonl"), rows);
        var output = dir.File("out");
        var flow = Pipeline.Create("reader", new PipelineOptions { BatchSize = 10 }).ReadJsonl<Row>(dir.File("in.jsonl"));
        var shards = new ShardSinkOptions { ShardRows = 20 };
        var pipeline = format switch
        {
            "jsonl" => flow.WriteJsonl(output, options: shards),
            "parquet" => flow.WriteParquet(output, options: shards),
            _ => flow.Write(new ArrowShardSink<Row>(output, shards)),
        };
        Assert.Equal(RunStatus.Completed, (await Runs.RunAsync(pipeline.Build())).Status);
        // A stray shard that the manifest does not list must not be read.
        File.Copy(Path.Combine(output, Runs.ReadManifest(output)!.Shards[0].Key), Path.Combine(output, "part-stray-0000.bin"));

        var read = new List<Row>();
        await foreach (var row in DatasetReader.ReadAsync<Row>(output)) read.Add(row);

        Assert.Equal(rows, read);
    }

    [Fact]
    public async Task ReadAsync_FolderWithoutManifest_SaysItIsNotAFinishedDataset()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<FileNotFoundException>(async () =>
        {
            await foreach (var _ in DatasetReader.ReadAsync<Row>(dir.Path)) { }
        });
        Assert.Contains("not a finished Sluice dataset", e.Message);
    }
}
