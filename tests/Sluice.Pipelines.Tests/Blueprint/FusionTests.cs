using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Blueprint;

public sealed class FusionTests
{
    private static RecordOpNode Op(Pipeline p, string name) => (RecordOpNode)p.Nodes.Single(n => n.Name == name);

    [Fact]
    public void Build_AdjacentMapAndFilters_ShareOneFusedHead()
    {
        var p = Pipeline.Create("fused").ReadJsonl<Row>("in.jsonl")
            .Map(r => r, "a").Where(r => r.N > 0, "not positive", "b").FlatMap(r => new[] { r }, "c").Map(r => r, "d")
            .WriteJsonl("out").Build();

        Assert.All(new[] { "a", "b", "c", "d" }, n => Assert.Same(Op(p, "a"), Op(p, n).FusedHead));
        Assert.Equal("filter b (fused into a)", Op(p, "b").Describe());
        Assert.Equal("transform a", Op(p, "a").Describe());
    }

    [Fact]
    public void Build_FanOutAfterMap_BranchesStartTheirOwnGroups()
    {
        var p = Pipeline.Create("fan").ReadJsonl<Row>("in.jsonl").Map(r => r, "trunk").Pipe(trunk =>
        {
            trunk.Map(r => r, "left").Map(r => r, "left-2").WriteJsonl("out/left");
            trunk.Where(r => true, "never", "right").WriteJsonl("out/right");
        }).Build();

        Assert.Same(Op(p, "trunk"), Op(p, "trunk").FusedHead);
        Assert.Same(Op(p, "left"), Op(p, "left").FusedHead);
        Assert.Same(Op(p, "left"), Op(p, "left-2").FusedHead);
        Assert.Same(Op(p, "right"), Op(p, "right").FusedHead);
    }

    [Fact]
    public void Build_MapAfterBatchOperator_StartsNewGroup()
    {
        var p = Pipeline.Create("batch-break").ReadJsonl<Row>("in.jsonl")
            .Map(r => r, "before")
            .MapBatch<Row>((b, _) => Task.FromResult<IReadOnlyList<Row>>(b.ToArray()), "batch")
            .Map(r => r, "after")
            .WriteJsonl("out").Build();

        Assert.Same(Op(p, "before"), Op(p, "before").FusedHead);
        Assert.Same(Op(p, "after"), Op(p, "after").FusedHead);
    }

    [Fact]
    public async Task Run_FusedChain_CountsAndRejectsPerOperator()
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        Runs.WriteJsonl(input, Enumerable.Range(1, 100).Select(Row.Make));
        var pipeline = Pipeline.Create("fused-run", new PipelineOptions { BatchSize = 7, Parallelism = 3 }).ReadJsonl<Row>(input)
            .Where(r => r.N % 2 == 0, "odd", "evens")
            .FlatMap(r => new[] { r, r }, "twice")
            .Where(r => r.N % 10 != 0, "multiple of ten", "no-tens")
            .WriteJsonl(Path.Combine(dir.Path, "out"), Compression.None).Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        var ops = result.Operators.ToDictionary(o => o.Name);
        Assert.Equal((100, 50, 50), (ops["evens"].RecordsIn, ops["evens"].RecordsOut, ops["evens"].Rejected));
        Assert.Equal((50, 100), (ops["twice"].RecordsIn, ops["twice"].RecordsOut));
        Assert.Equal((100, 80, 20), (ops["no-tens"].RecordsIn, ops["no-tens"].RecordsOut, ops["no-tens"].Rejected));
        var rejects = Runs.ReadRejects(Path.Combine(dir.Path, "out", "_rejects"));
        Assert.Equal(50, rejects.Count(r => r.Operator == "evens" && r.Reason == "odd"));
        Assert.Equal(20, rejects.Count(r => r.Operator == "no-tens" && r.Reason == "multiple of ten"));
        Assert.Equal(80, (await Runs.ReadDatasetAsync<Row>(Path.Combine(dir.Path, "out"))).Count);
    }
}

internal static class FlowExtensions
{
    public static PipelineBuilder Pipe<T>(this Flow<T> flow, Action<Flow<T>> declare)
    {
        declare(flow);
        return flow.Builder;
    }
}
