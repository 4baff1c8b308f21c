using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Runtime;

/// <summary>What a conformance case is built from: two JSONL inputs, an output folder, options and the hook.</summary>
/// <param name="InputA">First input file (unit u000000).</param>
/// <param name="InputB">Second input file (unit u000001).</param>
/// <param name="Output">Root folder for the case's sinks.</param>
/// <param name="Options">Pipeline options.</param>
/// <param name="Hook">Called on every record inside the delegate of the operator under test.</param>
public sealed record CaseInput(string InputA, string InputB, string Output, PipelineOptions Options, Func<Row, Row> Hook)
{
    /// <summary>A source over both inputs (the folder holding them), named <c>read</c>.</summary>
    public Flow<Row> ReadBoth(PipelineBuilder p) => p.ReadJsonl<Row>(Path.GetDirectoryName(InputA)!, name: "read");
}

/// <summary>
/// One operator kind under the conformance suite: how to build a pipeline around it, what it should output for an
/// input, and how its faults name records.
/// </summary>
public sealed class OperatorCase
{
    private OperatorCase(string label, string faultingOperator, Func<CaseInput, Pipeline> build)
    {
        Label = label;
        FaultingOperator = faultingOperator;
        Build = build;
    }

    public string Label { get; }

    /// <summary>The operator a fault is reported against.</summary>
    public string FaultingOperator { get; }

    public Func<CaseInput, Pipeline> Build { get; }

    /// <summary>Output records for the input records (A's, then B's: units commit in id order).</summary>
    public Func<IReadOnlyList<Row>, IReadOnlyList<Row>> Expected { get; private init; } = rows => rows;

    /// <summary>True when the operator faults per batch: the fault names the batch's first record.</summary>
    public bool BatchLevelFault { get; private init; }

    /// <summary>True for sink cases: the fault comes from a record the sink cannot write, not from the hook.</summary>
    public bool FaultFromData { get; private init; }

    /// <summary>Records the case's own filter rejects, with the operator name and reason it gives.</summary>
    public (Func<Row, bool> Rejected, string Operator, string Reason)? FilterRejects { get; private init; }

    public override string ToString() => Label;

    private static PipelineBuilder Create(CaseInput c, string label) => Pipeline.Create("conformance-" + label, c.Options);

    private static string Out(CaseInput c, string sink) => Path.Combine(c.Output, sink);

    public static IReadOnlyList<OperatorCase> All { get; } =
    [
        new("map", "map", c => Create(c, "map").Pipe(p => c.ReadBoth(p).Map(c.Hook, "map").WriteJsonl(Out(c, "out"), Compression.None)).Build()),

        new("where", "where", c => Create(c, "where")
            .Pipe(p => c.ReadBoth(p).Where(r => c.Hook(r).N % 3 != 0, "divisible by three", "where").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            Expected = rows => rows.Where(r => r.N % 3 != 0).ToArray(),
            FilterRejects = (r => r.N % 3 == 0, "where", "divisible by three"),
        },

        new("filter", "filter", c => Create(c, "filter")
            .Pipe(p => c.ReadBoth(p).Filter(r => c.Hook(r).N % 4 == 1 ? $"n={r.N} is 1 mod 4" : null, "filter").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            Expected = rows => rows.Where(r => r.N % 4 != 1).ToArray(),
            FilterRejects = (r => r.N % 4 == 1, "filter", "is 1 mod 4"),
        },

        new("flat-map", "flat-map", c => Create(c, "flat-map")
            .Pipe(p => c.ReadBoth(p).FlatMap(r => new[] { c.Hook(r), r with { Id = r.Id + "-copy" } }, "flat-map").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            Expected = rows => rows.SelectMany(r => new[] { r, r with { Id = r.Id + "-copy" } }).ToArray(),
        },

        new("map-batch", "map-batch", c => Create(c, "map-batch")
            .Pipe(p => c.ReadBoth(p).MapBatch<Row>(async (batch, ct) =>
            {
                await Task.Yield();
                return batch.Select(c.Hook).ToArray();
            }, "map-batch").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            BatchLevelFault = true,
        },

        new("map-or-reject", "map-or-reject", c => Create(c, "map-or-reject")
            .Pipe(p => c.ReadBoth(p).MapOrReject<Row>(r => c.Hook(r).N % 3 == 2 ? MapResult<Row>.Reject($"n={r.N} is 2 mod 3") : r with { Text = r.Text + "!" },
                "map-or-reject").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            Expected = rows => rows.Where(r => r.N % 3 != 2).Select(r => r with { Text = r.Text + "!" }).ToArray(),
            FilterRejects = (r => r.N % 3 == 2, "map-or-reject", "is 2 mod 3"),
        },

        new("map-batch-or-reject", "map-batch-or-reject", c => Create(c, "map-batch-or-reject")
            .Pipe(p => c.ReadBoth(p).MapBatchOrReject<Row>(async (batch, ct) =>
            {
                await Task.Yield();
                return batch.Select(r => c.Hook(r).N % 5 == 0 ? MapResult<Row>.Reject($"n={r.N} is a multiple of 5") : MapResult<Row>.Ok(r)).ToArray();
            }, "map-batch-or-reject").WriteJsonl(Out(c, "out"), Compression.None)).Build())
        {
            BatchLevelFault = true,
            Expected = rows => rows.Where(r => r.N % 5 != 0).ToArray(),
            FilterRejects = (r => r.N % 5 == 0, "map-batch-or-reject", "multiple of 5"),
        },

        new("aggregate", "aggregate", c => Create(c, "aggregate")
            .Pipe(p => c.ReadBoth(p).Aggregate(_ => new CollectAll(c.Hook), "aggregate").WriteJsonl(Out(c, "out"), Compression.None)).Build()),

        new("merge", "map-b", c => Create(c, "merge").Pipe(p =>
        {
            var a = p.ReadJsonl<Row>(c.InputA, name: "read-a");
            var b = p.ReadJsonl<Row>(c.InputB, name: "read-b").Map(c.Hook, "map-b");
            a.Merge([b], "merge").WriteJsonl(Out(c, "out"), Compression.None);
        }).Build()),

        new("fan-out", "right", c => Create(c, "fan-out").Pipe(p =>
        {
            var flow = c.ReadBoth(p);
            flow.Map(r => r, "left").WriteJsonl(Out(c, "left"), Compression.Gzip, name: "write-left");
            flow.Map(c.Hook, "right").WriteArrowShards(Out(c, "right"), name: "write-right");
        }).Build()),

        new("jsonl-sink", "write", c => Create(c, "jsonl-sink")
            .Pipe(p => c.ReadBoth(p).Map(c.Hook, "map").WriteJsonl(Out(c, "out"), Compression.Zstd, name: "write")).Build())
        {
            BatchLevelFault = true,
            FaultFromData = true,
        },

        new("parquet-sink", "write", c => Create(c, "parquet-sink")
            .Pipe(p => c.ReadBoth(p).Map(c.Hook, "map").WriteParquet(Out(c, "out"), name: "write")).Build())
        {
            BatchLevelFault = true,
            FaultFromData = true,
        },

        new("arrow-sink", "write", c => Create(c, "arrow-sink")
            .Pipe(p => c.ReadBoth(p).Map(c.Hook, "map").WriteArrowShards(Out(c, "out"), name: "write")).Build())
        {
            BatchLevelFault = true,
            FaultFromData = true,
        },
    ];

    /// <summary>An accumulator that keeps a unit's records and emits them in order at the unit's end.</summary>
    private sealed class CollectAll(Func<Row, Row> hook) : IUnitAccumulator<Row, Row>
    {
        private readonly List<Row> _rows = [];

        public void Add(Row record) => _rows.Add(hook(record));

        public IEnumerable<Row> Complete() => _rows;
    }
}

internal static class BuilderExtensions
{
    /// <summary>Lets a case declare its flows inline and go on with the builder.</summary>
    public static PipelineBuilder Pipe(this PipelineBuilder builder, Action<PipelineBuilder> declare)
    {
        declare(builder);
        return builder;
    }
}
