using System.Globalization;
using System.Text.Json.Nodes;

namespace Sluice.Bench.Engine;

/// <summary>Prints every figure of a bench run as one table, from the JSON files in the results folder.</summary>
public static class SummaryTable
{
    // DataTrove's figures for the same filter on this kind of machine, from the issue; not re-measured here.
    private const double DataTroveDocsPerCore = 1750, DataTroveMBPerCore = 11.5;
    // DataTrove's MinHash signature step (MinhashDedupSignature, 14 x 8) per core, the earlier figure the dedup work
    // was planned against; DataTrove cannot be installed here, so it is cited, not re-measured.
    private const double DataTroveMinHashDocsPerCore = 480;

    /// <summary>Writes the table for <paramref name="folder"/> (corpus.json, machine.json, filter.json, parquet.json, overhead.json, rss.json,
    /// minhash.json, minhash-ref.json).</summary>
    public static void Print(string folder, TextWriter o)
    {
        JsonNode? Load(string name)
        {
            var path = Path.Combine(folder, name);
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        }
        var corpus = Load("corpus.json");
        var machine = Load("machine.json");
        var cores = machine?["nproc"]?.GetValue<int>() ?? Environment.ProcessorCount;
        double inMB = (corpus?["jsonl_bytes"]?.GetValue<double>() ?? 0) / 1e6, gzMB = (corpus?["gz_bytes"]?.GetValue<double>() ?? 0) / 1e6;

        o.WriteLine();
        o.WriteLine($"Machine: {machine?["cpu"]}, nproc {cores}, {machine?["memory"]}; load average before {machine?["load_before"]}, after {machine?["load_after"]}");
        if (corpus is not null)
            o.WriteLine($"Corpus:  {corpus["docs"]:N0} docs ({corpus["short_docs"]} under 50 words), {inMB:F0} MB JSONL / {gzMB:F0} MB gzip in 64 files; " +
                $"{F(corpus["distinct_bytes"]!.GetValue<double>() / 1e6, 0)} MB distinct real text + {F(corpus["composed_bytes"]!.GetValue<double>() / 1e6, 0)} MB composed of real paragraphs");
        o.WriteLine();
        o.WriteLine($"{"figure",-58} {"value",14}  note");
        o.WriteLine(new string('-', 110));
        void Row(string name, string value, string note = "") => o.WriteLine($"{name,-58} {value,14}  {note}");

        foreach (var (file, title) in new[] { ("filter.json", "2. jsonl.gz -> >=50 words -> jsonl.gz"), ("filter-rows.json", "2b. the same filter on dynamic Row"), ("parquet.json", "3. jsonl.gz -> 3 ops -> parquet") })
        {
            if (Load(file) is not { } f) continue;
            var wall = f["wall_s"]!.GetValue<double>();
            var cpu = f["cpu_s"]!.GetValue<double>();
            var docs = f["docs_in"]!.GetValue<double>();
            var p = Math.Min(cores, f["parallelism"]!.GetValue<int>());
            Row($"{title}: wall", $"{F(wall, 1)} s", $"parallelism {p}, {F(cpu, 1)} CPU-s ({F(cpu / wall, 2)} cores busy), {f["docs_out"]:N0} kept, {f["rejected"]:N0} rejected");
            Row("   docs/s (wall | per core)", $"{F(docs / wall, 0)} | {F(docs / wall / p, 0)}", $"per CPU-second: {F(docs / cpu, 0)}");
            Row("   MB/s uncompressed input (wall | per core)", $"{F(inMB / wall, 1)} | {F(inMB / wall / p, 1)}", $"per CPU-second: {F(inMB / cpu, 1)}");
            Row("   MB/s gzip input (wall | per core)", $"{F(gzMB / wall, 1)} | {F(gzMB / wall / p, 1)}", "");
            if (file == "filter.json")
                Row("   vs DataTrove per core (docs | MB)", $"{F(docs / wall / p / DataTroveDocsPerCore, 1)}x | {F(inMB / wall / p / DataTroveMBPerCore, 1)}x",
                    $"DataTrove ~{DataTroveDocsPerCore:N0} docs/s, ~{DataTroveMBPerCore} MB/s per core (issue's figures, not re-measured); goal 10x");
            if (file == "filter-rows.json" && Load("filter.json") is { } typed)
                Row("   Row CPU cost vs typed Document", $"{F(cpu / typed["cpu_s"]!.GetValue<double>(), 2)}x", "CPU-s of 2b / CPU-s of 2 over the same files; goal <= 1.5x");
            foreach (var op in f["operators"]!.AsArray())
                Row($"   busy: {op!["name"]} ({op["kind"]})", $"{F(op["busy_s"]!.GetValue<double>(), 1)} s", "");
            if (file == "filter.json" && Load("stages.json") is { } st)
            {
                Row("   where the CPU goes (one thread, outside the engine):", "MB/CPU-s", $"{st["files"]} files, {F(st["jsonl_bytes"]!.GetValue<double>() / 1e6, 0)} MB JSONL");
                foreach (var (key, value) in st.AsObject())
                    if (value is JsonObject stage)
                        Row($"     {key}", F(stage["mb_per_s"]!.GetValue<double>(), 0), $"{F(stage["cpu_s"]!.GetValue<double>(), 2)} CPU-s");
            }
        }

        if (Load("overhead.json") is { } oh)
            foreach (var r in oh["rows"]!.AsArray())
            {
                double ew = r!["engine_wall_s"]!.GetValue<double>(), lw = r["loop_wall_s"]!.GetValue<double>();
                double ec = r["engine_cpu_s"]!.GetValue<double>(), lc = r["loop_cpu_s"]!.GetValue<double>();
                var n = r["records"]!.GetValue<double>();
                Row($"4. engine overhead {n / 1e6:F0}M rec, p={r["parallelism"]}, {r["variant"]}: wall | CPU", $"{F((ew / lw - 1) * 100, 0)} | {F((ec / lc - 1) * 100, 0)} %",
                    $"engine {F(ew, 2)} s, {F(ec, 2)} CPU-s ({F(n / ec / 1e6, 2)} M rec/CPU-s) vs loop {F(lw, 2)} s, {F(lc, 2)} CPU-s; goal <= 15 %");
            }

        if (Load("rss.json") is { } rss)
        {
            double r1 = rss["x1"]!["rss_kb"]!.GetValue<double>() / 1024, r10 = rss["x10"]!["rss_kb"]!.GetValue<double>() / 1024;
            Row($"5. peak RSS, {rss["x1"]!["runner"]}, 1x input", $"{F(r1, 0)} MB", $"{rss["x1"]!["files"]} files, {F(rss["x1"]!["gz_bytes"]!.GetValue<double>() / 1e6, 0)} MB gzip, {rss["x1"]!["wall_s"]} s");
            if (rss["x3"] is { } x3)
                Row($"   peak RSS, {x3["runner"]}, 3x input", $"{F(x3["rss_kb"]!.GetValue<double>() / 1024, 0)} MB", $"{x3["files"]} files, {F(x3["gz_bytes"]!.GetValue<double>() / 1e6, 0)} MB gzip, {x3["wall_s"]} s");
            Row($"   peak RSS, {rss["x10"]!["runner"]}, 10x input", $"{F(r10, 0)} MB", $"{rss["x10"]!["files"]} files, {F(rss["x10"]!["gz_bytes"]!.GetValue<double>() / 1e6, 0)} MB gzip, {rss["x10"]!["wall_s"]} s");
            Row("   ratio 10x / 1x", $"{F(r10 / r1, 2)}x", "goal <= 1.2x");
        }
        if (Load("gzip-kernel.json") is { } gk)
        {
            Row("   native gzip (ISA-L) vs managed, MB JSONL per CPU-s:", "managed | ISA-L", $"one thread, {gk["files"]} files, least CPU of {gk["repeats"]}");
            foreach (var (name, managed, native) in new[]
            {
                ("gunzip", "gunzip managed (VerifiedGzipStream, zlib-ng)", "gunzip ISA-L (IsalGzipReadStream)"),
                ("gzip level 1", "gzip managed Fastest (GZipStream, zlib-ng level 1)", "gzip ISA-L level 1 (IsalGzipWriteStream)"),
            })
            {
                double m = gk[managed]!["mb_per_cpu_s"]!.GetValue<double>(), n = gk[native]!["mb_per_cpu_s"]!.GetValue<double>();
                var bytes = gk[native]!["out_bytes"] is { } nb ? $", output {F(nb.GetValue<double>() / gk[managed]!["out_bytes"]!.GetValue<double>(), 2)}x the bytes" : "";
                Row($"     {name}", $"{F(m, 0)} | {F(n, 0)}", $"ISA-L {F(n / m, 2)}x{bytes}");
            }
        }
        Row("6. DataTrove", "not measured", "no Debian package and no PyPI here; figures above are the issue's");

        if (Load("minhash.json") is { } mh)
        {
            var perCpu = mh["docs_per_cpu_s"]!.GetValue<double>();
            var load = string.Join(' ', (mh["load_avg"]?.GetValue<string>() ?? "").Split(' ').Take(3));
            Row("7. MinHash signatures + band keys: docs per CPU-s", F(perCpu, 0),
                $"{mh["recipe"]}; p={mh["parallelism"]}, {F(mh["docs"]!.GetValue<double>(), 0)} docs in {mh["files"]} files, load {load}");
            Row("   docs/s wall | MB per CPU-second", $"{F(mh["docs_per_s"]!.GetValue<double>(), 0)} | {F(mh["mb_per_cpu_s"]!.GetValue<double>(), 1)}",
                $"with gunzip+parse: {F(mh["docs_per_cpu_s_with_read"]!.GetValue<double>(), 0)} docs per CPU-second");
            Row("   vs DataTrove per core", $"{F(perCpu / DataTroveMinHashDocsPerCore, 1)}x", $"DataTrove ~{DataTroveMinHashDocsPerCore} docs/s per core (earlier figure, not re-measured); goal 10x");
            if (Load("minhash-ref.json") is { } py)
                Row("   plain-Python reference (bench/dedup/minhash_ref.py)", $"{F(py["docs_per_cpu_s"]!.GetValue<double>(), 1)}",
                    $"docs per CPU-second, {F(py["mb_per_cpu_s"]!.GetValue<double>(), 2)} MB per CPU-second, first {py["docs"]} docs; C# is {F(mh["mb_per_cpu_s"]!.GetValue<double>() / py["mb_per_cpu_s"]!.GetValue<double>(), 0)}x per MB");
        }
    }

    private static string F(double v, int digits) => v.ToString("N" + digits, CultureInfo.InvariantCulture);
}
