using System.Text.Json.Nodes;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Rows;

namespace Sluice.Bench.Engine;

/// <summary>Benchmarks 2 and 3: the gzip JSONL corpus through the engine into gzip JSONL or Parquet.</summary>
public static class FileBenches
{
    /// <summary>JSONL.gz → keep documents of at least 50 words → JSONL.gz.</summary>
    public static Task<JsonObject> FilterAsync(string input, string output, int parallelism) =>
        RunAsync("filter-jsonl", input, output, parallelism, p => p
            .ReadJsonl<Document>(input)
            .MinWords(BenchOperators.MinWords)
            .WriteJsonl(output));

    /// <summary>Benchmark 2 on dynamic rows: the same filter, reading and writing <see cref="Row"/>s instead of
    /// <see cref="Document"/>s, with the same reject reason; the cost of not declaring a record type.</summary>
    public static Task<JsonObject> FilterRowsAsync(string input, string output, int parallelism) =>
        RunAsync("filter-rows", input, output, parallelism, p => p
            .ReadJsonl<Row>(input)
            .Filter(BenchOperators.RejectShort, "min-words")
            .WriteJsonl(output));

    /// <summary>JSONL.gz → normalise whitespace → keep ≥ 50 words → count words → Parquet.</summary>
    public static Task<JsonObject> ParquetAsync(string input, string output, int parallelism) =>
        RunAsync("three-ops-parquet", input, output, parallelism, p => p
            .ReadJsonl<Document>(input)
            .ThreeOperators()
            .WriteParquet(output));

    private static async Task<JsonObject> RunAsync(string name, string input, string output, int parallelism,
        Func<PipelineBuilder, PipelineBuilder> declare)
    {
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var options = new PipelineOptions { Parallelism = parallelism, SourceParallelism = parallelism };
        var pipeline = declare(Pipeline.Create($"bench-{name}", options)).Build();
        var (result, time) = await Measurement.TimeAsync(() => PipelineRunner.RunAsync(pipeline));
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"{name}: run ended {result.Status}: {result.Error}");
        var source = result.Operators[0];
        var sink = result.Operators[^1];
        var figures = new JsonObject
        {
            ["bench"] = name,
            ["parallelism"] = parallelism,
            ["wall_s"] = time.WallSeconds,
            ["cpu_s"] = time.CpuSeconds,
            ["docs_in"] = source.RecordsOut + source.Rejected,
            ["docs_out"] = sink.RecordsOut,
            ["rejected"] = result.Rejected,
            ["output_bytes"] = sink.BytesOut,
            ["units"] = result.UnitsCommitted,
        };
        var operators = new JsonArray();
        foreach (var op in result.Operators)
            operators.Add(new JsonObject { ["name"] = op.Name, ["kind"] = op.Role.ToName(), ["in"] = op.RecordsIn, ["out"] = op.RecordsOut, ["rejected"] = op.Rejected, ["busy_s"] = op.BusySeconds });
        figures["operators"] = operators;
        return figures;
    }
}
