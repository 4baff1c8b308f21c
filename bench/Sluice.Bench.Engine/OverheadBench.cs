using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Engine;

/// <summary>
/// Benchmark 4: the three per-record operators over in-memory records, once through the engine (in-memory
/// source, counting sink) and once as a hand-written loop, at the same parallelism.
/// </summary>
public static class OverheadBench
{
    /// <summary>Documents are cut to this many characters, so per-record costs are not hidden behind long texts.</summary>
    public const int TextChars = 600;

    /// <summary>Loads the first <paramref name="count"/> documents of the corpus, texts cut to <see cref="TextChars"/>.</summary>
    public static List<Document> LoadPool(string corpusFolder, int count)
    {
        var pool = new List<Document>(count);
        foreach (var file in Directory.GetFiles(corpusFolder, "*.jsonl.gz").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line && pool.Count < count)
            {
                var d = JsonSerializer.Deserialize<Document>(line, SluiceJson.Options)!;
                pool.Add(d.Text.Length > TextChars ? d with { Text = d.Text[..TextChars] } : d);
            }
            if (pool.Count >= count) break;
        }
        return pool;
    }

    /// <summary>
    /// Runs both sides <paramref name="repeats"/> times at each parallelism and keeps the fastest of each, over the
    /// pool as it is (about a fifth of it rejected) and over only the documents the filter keeps, which separates
    /// the engine's per-record cost from the cost of keeping rejects (each is serialised with its reason).
    /// </summary>
    public static async Task<JsonObject> RunAsync(IReadOnlyList<Document> pool, long records, string scratch, int[] parallelisms, int repeats)
    {
        var keptOnly = pool.Where(d => BenchOperators.RejectShort(BenchOperators.Normalize(d)) is null).ToArray();
        // Warm-up: JIT and tiered compilation of both paths before anything is timed.
        await EngineAsync(pool, records / 10, 1, scratch);
        HandLoop(pool, records / 10, 1);
        var rows = new JsonArray();
        foreach (var (variant, docs) in new[] { ("with rejects", pool), ("no rejects", (IReadOnlyList<Document>)keptOnly) })
            foreach (var p in parallelisms)
            {
                Measurement? engine = null, loop = null;
                long engineKept = 0, loopKept = 0;
                for (var r = 0; r < repeats; r++)
                {
                    var (kept, t) = await Measurement.TimeAsync(() => EngineAsync(docs, records, p, scratch));
                    if (engine is null || t.CpuSeconds < engine.Value.CpuSeconds) (engine, engineKept) = (t, kept);
                    var (kept2, t2) = await Measurement.TimeAsync(() => Task.FromResult(HandLoop(docs, records, p)));
                    if (loop is null || t2.CpuSeconds < loop.Value.CpuSeconds) (loop, loopKept) = (t2, kept2);
                }
                if (engineKept != loopKept) throw new InvalidOperationException($"engine kept {engineKept} records, the loop {loopKept}");
                rows.Add(new JsonObject
                {
                    ["variant"] = variant,
                    ["parallelism"] = p,
                    ["records"] = records,
                    ["kept"] = loopKept,
                    ["engine_wall_s"] = engine!.Value.WallSeconds,
                    ["engine_cpu_s"] = engine.Value.CpuSeconds,
                    ["loop_wall_s"] = loop!.Value.WallSeconds,
                    ["loop_cpu_s"] = loop.Value.CpuSeconds,
                });
            }
        return new JsonObject { ["bench"] = "engine-overhead", ["pool"] = pool.Count, ["text_chars"] = TextChars, ["repeats"] = repeats, ["rows"] = rows };
    }

    private static async Task<long> EngineAsync(IReadOnlyList<Document> pool, long records, int parallelism, string scratch)
    {
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        var sink = new CountingSink<CountedDocument>(scratch);
        var units = Math.Max(16, parallelism * 8);
        var options = new PipelineOptions { Parallelism = parallelism, SourceParallelism = parallelism };
        var pipeline = Pipeline.Create("bench-engine-overhead", options)
            .Read(new InMemorySource<Document>(pool, records, units))
            .ThreeOperators()
            .Write(sink)
            .Build();
        var result = await PipelineRunner.RunAsync(pipeline);
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"engine run ended {result.Status}: {result.Error}");
        return sink.Records;
    }

    /// <summary>The same work without the engine: each thread takes a contiguous share of the positions.</summary>
    private static long HandLoop(IReadOnlyList<Document> pool, long records, int parallelism)
    {
        long kept = 0, rejected = 0, words = 0;
        Parallel.For(0, parallelism, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, t =>
        {
            long k = 0, r = 0, w = 0;
            var end = records * (t + 1) / parallelism;
            for (var i = records * t / parallelism; i < end; i++)
            {
                var d = BenchOperators.Normalize(pool[(int)(i % pool.Count)]);
                if (BenchOperators.RejectShort(d) is not null)
                {
                    r++;
                    continue;
                }
                w += BenchOperators.Count(d).Words;
                k++;
            }
            Interlocked.Add(ref kept, k);
            Interlocked.Add(ref rejected, r);
            Interlocked.Add(ref words, w);
        });
        return kept;
    }
}
