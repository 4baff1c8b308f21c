using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Bench.Engine;

// sluice-bench COMMAND [--name value]...: each measuring command writes its figures as JSON to --results;
// `table` reads them all back and prints the summary. scripts/bench.sh runs them in order.
var command = args.Length > 0 ? args[0] : "help";
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
string Opt(string name, string? fallback = null) =>
    options.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required for '{command}'");
int Parallelism() => int.Parse(Opt("parallelism", Environment.ProcessorCount.ToString()));

JsonObject figures;
switch (command)
{
    case "filter":
        figures = await FileBenches.FilterAsync(Opt("input"), Opt("output"), Parallelism());
        break;
    case "filter-rows":
        figures = await FileBenches.FilterRowsAsync(Opt("input"), Opt("output"), Parallelism());
        break;
    case "parquet":
        figures = await FileBenches.ParquetAsync(Opt("input"), Opt("output"), Parallelism());
        break;
    case "overhead":
        var pool = OverheadBench.LoadPool(Opt("corpus"), int.Parse(Opt("pool", "50000")));
        var parallelisms = Opt("parallelisms", $"1,{Environment.ProcessorCount}").Split(',').Select(int.Parse).Distinct().ToArray();
        figures = await OverheadBench.RunAsync(pool, long.Parse(Opt("records", "1000000")), Opt("scratch"), parallelisms, int.Parse(Opt("repeats", "3")));
        break;
    case "stages":
        var files = Directory.GetFiles(Opt("corpus"), "*.jsonl.gz").Order(StringComparer.Ordinal).Take(int.Parse(Opt("files", "4"))).ToArray();
        figures = await StageProfile.RunAsync(files);
        break;
    case "gzip-kernel":
        var gzFiles = Directory.GetFiles(Opt("corpus"), "*.jsonl.gz").Order(StringComparer.Ordinal).Take(int.Parse(Opt("files", "8"))).ToArray();
        figures = GzipKernelBench.Run(gzFiles, int.Parse(Opt("repeats", "3")));
        break;
    case "minhash":
        var inputs = Directory.GetFiles(Opt("corpus"), "*.jsonl.gz").Order(StringComparer.Ordinal).Take(int.Parse(Opt("files", "16"))).ToArray();
        figures = await MinHashBench.RunAsync(inputs, Parallelism());
        break;
    case "sharded-search":
        figures = await ShardedSearchBench.RunAsync(Opt("scratch", Path.GetTempPath()), int.Parse(Opt("rows", "1000000")),
            int.Parse(Opt("shard-rows", "131072")), int.Parse(Opt("queries", "64")), int.Parse(Opt("k", "10")), Opt("precision", "float32,float16").Split(','));
        break;
    case "tokenize":
        figures = await TokenizeBench.RunAsync(TokenizeBench.LoadPool(Opt("input", Path.Combine("examples", "data", "scifact-abstracts.jsonl"))),
            long.Parse(Opt("records", "5000")), Opt("tokenizer", "gpt2"), Opt("scratch", Path.Combine(Path.GetTempPath(), "sluice-bench-tokenize")),
            int.Parse(Opt("repeats", "3")));
        break;
    case "table":
        SummaryTable.Print(Opt("results"), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: sluice-bench filter|filter-rows|parquet --input GLOB --output DIR [--parallelism N] --results FILE");
        Console.Error.WriteLine("       sluice-bench overhead --corpus DIR --scratch DIR [--records 1000000] [--pool 50000] [--parallelisms 1,2] [--repeats 3] --results FILE");
        Console.Error.WriteLine("       sluice-bench gzip-kernel --corpus DIR [--files 8] [--repeats 3] --results FILE");
        Console.Error.WriteLine("       sluice-bench minhash --corpus DIR [--files 16] [--parallelism N] --results FILE");
        Console.Error.WriteLine("       sluice-bench sharded-search [--rows 1000000] [--shard-rows 131072] [--queries 64] [--k 10] [--precision float32,float16] [--scratch DIR] --results FILE");
        Console.Error.WriteLine("       sluice-bench tokenize [--input JSONL] [--records 5000] [--tokenizer gpt2] [--repeats 3] [--scratch DIR] --results FILE");
        Console.Error.WriteLine("       sluice-bench table --results DIR");
        return command == "help" ? 0 : 2;
}
var json = figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(Opt("results"), json);
Console.Error.WriteLine(json);
return 0;
