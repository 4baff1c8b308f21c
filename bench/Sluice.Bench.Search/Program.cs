using System.Diagnostics;
using Sluice.Bench.Search;
using Sluice.Operators.Search;

// Exact top-k of the managed kernel over a real (synthetic) datastore, FAISS IndexFlatIP on the same vectors, and
// IVF recall/speed on clustered data. Figures only; this is not a test.
//   dotnet run -c Release --project bench/Sluice.Bench.Search -- [--rows 1000000] [--queries 10000] [--dim 384] [--k 10]
//       [--threads N] [--dir /tmp/sluice-bench-search] [--no-faiss] [--no-ivf] [--ivf-queries 1000] [--nprobe 8,16,32,64]
var opts = ParseArgs(args);
int rows = Int("rows", 1_000_000), queries = Int("queries", 10_000), d = Int("dim", 384), k = Int("k", 10);
int threads = Int("threads", Environment.ProcessorCount), ivfQueries = Int("ivf-queries", 1000);
var dir = opts.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "sluice-bench-search");
var store = Path.Combine(dir, $"datastore-{rows}x{d}");
Console.WriteLine($"search bench: {rows:N0} × {d} vectors, {queries:N0} queries, k={k}, {threads} threads, {Environment.ProcessorCount} cores, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");

var sw = Stopwatch.StartNew();
if (!File.Exists(Path.Combine(store, "_manifest.json")))
{
    var data = BenchData.UnitVectors(rows, d, seed: 1);
    await BenchData.WriteDatastoreAsync(store, data, d, shards: 4);
    Console.WriteLine($"wrote datastore {store} in {sw.Elapsed.TotalSeconds:F1} s");
}
GC.Collect();
sw.Restart();
var index = await PassageIndex.LoadAsync(store, new PassageIndexOptions { IncludeTexts = false });
Console.WriteLine($"load: {index.Count:N0} rows in {sw.Elapsed.TotalSeconds:F2} s ({new DirectoryInfo(store).EnumerateFiles("*.arrow").Sum(f => f.Length) / sw.Elapsed.TotalSeconds / 1e6:F0} MB/s)");

var q = BenchData.UnitVectors(queries, d, seed: 2);
var options = new ExactSearchOptions { MaxDegreeOfParallelism = threads };
InnerProductSearch.Search(index.Vectors, d, q.AsMemory(0, Math.Min(queries, 64) * d), k, options); // JIT warm-up
sw.Restart();
var exact = InnerProductSearch.Search(index.Vectors, d, q, k, options);
double exactSeconds = sw.Elapsed.TotalSeconds;
Console.WriteLine($"managed exact: {queries:N0} queries in {exactSeconds:F2} s = {queries / exactSeconds:N0} q/s ({2.0 * rows * queries * d / exactSeconds / 1e9:F0} GFLOP/s)");

if (!opts.ContainsKey("no-faiss"))
{
    BenchData.WriteNpy<float>(Path.Combine(dir, "vectors.npy"), index.Vectors.Span, rows, d);
    BenchData.WriteNpy<float>(Path.Combine(dir, "queries.npy"), q, queries, d);
    BenchData.WriteNpy<int>(Path.Combine(dir, "managed-top.npy"), exact.Rows, queries, exact.K);
    var script = Path.Combine(FindRepoRoot(), "bench", "search-faiss.py");
    var psi = new ProcessStartInfo("/usr/bin/python3", [script, dir, "--k", k.ToString(), "--threads", threads.ToString()]) { UseShellExecute = false };
    // Debian's faiss links the reference BLAS by default; OpenBLAS (apt: libopenblas0-pthread) is what FAISS is meant to run on.
    const string openBlas = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
    if (Directory.Exists(openBlas)) psi.Environment["LD_LIBRARY_PATH"] = openBlas;
    using var python = Process.Start(psi)!;
    await python.WaitForExitAsync();
    if (python.ExitCode != 0) Console.WriteLine($"faiss: exited {python.ExitCode} (is python3-faiss installed? apt-get install -y python3-faiss)");
}

if (!opts.ContainsKey("no-ivf"))
{
    index = null!;
    GC.Collect();
    var clustered = BenchData.UnitVectors(rows, d, seed: 3, clusters: 2000);
    var cq = BenchData.UnitVectors(ivfQueries, d, seed: 4, clusters: 2000);
    sw.Restart();
    var ivf = IvfIndex.Build(clustered, d, new IvfOptions { MaxDegreeOfParallelism = threads });
    Console.WriteLine($"ivf build (clustered data, 2000 true clusters): {ivf.Lists} lists in {sw.Elapsed.TotalSeconds:F1} s");
    sw.Restart();
    var truth = InnerProductSearch.Search(clustered, d, cq, k, options);
    double truthSeconds = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"  exact on the same {ivfQueries:N0} queries: {ivfQueries / truthSeconds:N0} q/s");
    foreach (var nprobe in (opts.GetValueOrDefault("nprobe") ?? "4,8,16,32,64").Split(',').Select(int.Parse))
    {
        sw.Restart();
        var approx = ivf.Search(clustered, cq, k, nprobe, threads);
        double s = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"  nprobe {nprobe,3}: recall@{k} {Recall(truth, approx):F4}, {ivfQueries / s:N0} q/s");
    }
}
return 0;

static double Recall(TopKResult truth, TopKResult approx)
{
    long found = 0;
    for (int i = 0; i < truth.Queries; i++)
    {
        var set = new HashSet<int>(truth.RowsOf(i).ToArray());
        foreach (var r in approx.RowsOf(i)) if (set.Contains(r)) found++;
    }
    return (double)found / (truth.Queries * truth.K);
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Pipelines.sln not found above " + AppContext.BaseDirectory);
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var o = new Dictionary<string, string>();
    for (int i = 0; i < args.Length; i++)
        if (args[i].StartsWith("--"))
            o[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
    return o;
}

int Int(string name, int fallback) => opts.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
