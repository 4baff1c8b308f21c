using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Blueprint;

/// <summary>
/// <see cref="MapResult{T}"/> and the verbs that consume it beyond the conformance cases: a reject always has a reason,
/// a stateful operator's results are unwrapped with the record it names, and a strict run stops at the first reject.
/// </summary>
public sealed class MapResultTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Reject_BlankReason_Throws(string reason) =>
        Assert.ThrowsAny<ArgumentException>(() => MapResult<Row>.Reject(reason));

    [Fact]
    public void ImplicitValue_IsOkWithoutReason()
    {
        MapResult<Row> result = Row.Make(1);

        Assert.False(result.IsRejected);
        Assert.Equal(Row.Make(1), result.Value);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task Run_AggregateThenUnwrap_ValuesPassAndRejectsKeepTheRecordTheAccumulatorNamed()
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        Runs.WriteJsonl(input, Enumerable.Range(1, 10).Select(Row.Make));
        var output = Path.Combine(dir.Path, "out");
        var pipeline = Pipeline.Create("unwrap").ReadJsonl<Row>(input)
            .Aggregate(_ => new OddsRejected(), "odds")
            .Unwrap("unwrap-odds")
            .WriteJsonl(output, Compression.None).Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal([2L, 4, 6, 8, 10], (await Runs.ReadDatasetAsync<Row>(output)).Select(r => r.N));
        var rejects = Runs.ReadRejects(Path.Combine(output, "_rejects"));
        Assert.Equal(5, rejects.Count);
        Assert.All(rejects, r => Assert.Equal(("unwrap-odds", "odd"), (r.Operator, r.Reason)));
        Assert.Contains(rejects, r => r.Record!.Contains("\"r00003\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_MapOrRejectUnderStop_FailsAtTheFirstReject()
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        Runs.WriteJsonl(input, Enumerable.Range(1, 10).Select(Row.Make));
        var pipeline = Pipeline.Create("strict", new PipelineOptions { ErrorPolicy = ErrorPolicy.Stop }).ReadJsonl<Row>(input)
            .MapOrReject<Row>(r => r.N == 4 ? MapResult<Row>.Reject("four") : r, "no-four")
            .WriteJsonl(Path.Combine(dir.Path, "out"), Compression.None).Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Status);
        var stop = Assert.IsType<RejectedRecordException>(result.Error);
        Assert.Equal(("no-four", "four"), (stop.Reject.Operator, stop.Reject.Reason));
    }

    /// <summary>Emits a unit's even rows as values and its odd rows as rejects that keep the row.</summary>
    private sealed class OddsRejected : IUnitAccumulator<Row, MapResult<Row>>
    {
        private readonly List<MapResult<Row>> _out = [];

        public void Add(Row record) => _out.Add(record.N % 2 == 0 ? record : MapResult<Row>.Reject("odd", record));

        public IEnumerable<MapResult<Row>> Complete() => _out;
    }
}
