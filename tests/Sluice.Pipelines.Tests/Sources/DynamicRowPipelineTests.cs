using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;
using Sluice.Testing;
using DynamicRow = Sluice.Storage.Rows.Row;

namespace Sluice.Pipelines.Tests.Sources;

/// <summary>Pipelines over <see cref="DynamicRow"/>s: sources read any file with its own schema, operators filter and
/// edit rows, sinks write them to every format, and a sink starts a new shard when the rows outgrow its schema.</summary>
public sealed class DynamicRowPipelineTests
{
    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    [InlineData("jsonl")]
    public async Task JsonlRows_FilteredAndEdited_LandInEveryFormat_WithANewShardWhenColumnsChange(string format)
    {
        using var dir = new TempDir();
        var lines = Enumerable.Range(0, 40).Select(i => i < 20
            ? $$$"""{"id":"d{{{i}}}","n":{{{i}}},"meta":{"src":"a"}}"""
            : $$$"""{"id":"d{{{i}}}","n":{{{i}}},"meta":{"src":"b","page":{{{i}}}},"lang":"en"}""");
        File.WriteAllLines(dir.File("in.jsonl"), lines);
        var flow = Pipeline.Create("rows", new PipelineOptions { BatchSize = 10 })
            .ReadJsonl<DynamicRow>(dir.File("in.jsonl"))
            .Where(r => r.Get<long>("n") % 2 == 0, "odd n")
            .Map(r => r.With("n2", r.Get<long>("n") * 2));
        var output = dir.File("out");
        var pipeline = format switch
        {
            "parquet" => flow.WriteParquet(output),
            "arrow" => flow.WriteArrowShards(output),
            _ => flow.WriteJsonl(output),
        };
        Assert.Equal(RunStatus.Completed, (await Runs.RunAsync(pipeline.Build())).Status);

        var read = await Runs.ReadDatasetAsync<DynamicRow>(output);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"d{2 * i}"), read.Select(r => r.Get<string>("id")));
        Assert.All(read, r => Assert.Equal(r.Get<long>("n") * 2, r.Get<long>("n2")));
        Assert.Equal(20L, read[^1].Get<DynamicRow>("meta")!.Get<long>("page") / 2 + 1);
        Assert.Equal("en", read[^1].Get<string>("lang"));
        // Typed formats hold one schema per file: the rows that brought 'lang' and 'meta.page' start a new shard.
        if (format != "jsonl") Assert.Equal(2, Runs.ReadManifest(output)!.Shards.Count);
    }

    [Fact]
    public async Task NestedParquetOthersWrote_ReadsAsRows_AndLandsAsJsonl()
    {
        using var dir = new TempDir();
        var input = Path.Combine(RepoPaths.ParquetTesting, "data", "nested_maps.snappy.parquet");
        var pipeline = Pipeline.Create("foreign").ReadParquet<DynamicRow>(input).WriteJsonl(dir.File("out"), Compression.None);
        Assert.Equal(RunStatus.Completed, (await Runs.RunAsync(pipeline.Build())).Status);
        var read = await Runs.ReadDatasetAsync<DynamicRow>(dir.File("out"));
        Assert.Equal(6, read.Count);
        // A map with string keys lands as a JSON object; the inner map has integer keys, so it lands as a list of
        // key/value objects, its values booleans.
        var outer = Assert.IsType<DynamicRow>(read[0]["a"]);
        var inner = Assert.IsType<object?[]>(outer.ValueAt(0));
        var entry = Assert.IsType<DynamicRow>(inner[0]);
        Assert.Equal(["key", "value"], entry.Schema.Names);
        Assert.IsType<long>(entry["key"]);
        Assert.IsType<bool>(entry["value"]);
    }
}
