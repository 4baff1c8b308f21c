using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Operators.Embedding;
using Sluice.Operators.Search;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Engine;

/// <summary>
/// <c>sharded-search</c>: a synthetic store of random unit vectors written as Arrow shards (float32, float16 or
/// both, one after the other, each deleted before the next), then for each: the rate at which a plain FileStream
/// reads the shard files, the rate of the Arrow IPC reader alone (batches read and dropped), the streamed scan
/// (<see cref="ShardedSearch"/>) and the in-memory search (<see cref="PassageIndex"/>), with queries/s and the
/// peak resident set of each phase. The files were just written, so the reads and the scan all come from the page
/// cache: the ratios compare like with like.
/// </summary>
internal static class ShardedSearchBench
{
    private const int Dimension = 384;

    public static async Task<JsonObject> RunAsync(string scratch, int rows, int shardRows, int queries, int k, string[] precisions)
    {
        var result = new JsonObject
        {
            ["bench"] = "sharded-search", ["rows"] = rows, ["dimension"] = Dimension, ["shard_rows"] = shardRows,
            ["queries"] = queries, ["k"] = k, ["threads"] = Environment.ProcessorCount,
        };
        var rng = new Random(7);
        var queryMatrix = new float[queries * Dimension];
        for (int q = 0; q < queries; q++) FillUnit(rng, queryMatrix.AsSpan(q * Dimension, Dimension));
        foreach (var precision in precisions)
        {
            var dir = Path.Combine(scratch, $"sharded-search-{precision}");
            try
            {
                result[precision] = await MeasureAsync(dir, precision == "float16", rows, shardRows, queryMatrix, k);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }
        return result;
    }

    private static async Task<JsonObject> MeasureAsync(string dir, bool half, int rows, int shardRows, float[] queries, int k)
    {
        var clock = Stopwatch.StartNew();
        await WriteStoreAsync(dir, half, rows, shardRows);
        double writeSeconds = clock.Elapsed.TotalSeconds;
        var files = Directory.GetFiles(dir, "*.arrow").Order(StringComparer.Ordinal).ToArray();
        long bytes = files.Sum(f => new FileInfo(f).Length);

        clock.Restart();
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (stream.Read(buffer) > 0) { }
        }
        double readSeconds = clock.Elapsed.TotalSeconds;

        // The Arrow IPC reader alone, on one thread like the plain read: what any scan of these files starts from.
        clock.Restart();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream)) batch.Dispose();
        }
        double arrowSeconds = clock.Elapsed.TotalSeconds;

        ResetPeak();
        clock.Restart();
        var store = await ShardedSearch.OpenAsync(dir);
        var streamed = await store.SearchAsync(queries, Dimension, k);
        double scanSeconds = clock.Elapsed.TotalSeconds;
        long scanPeak = PeakResidentBytes();
        GC.Collect();

        ResetPeak();
        clock.Restart();
        var index = await PassageIndex.LoadAsync(dir, new PassageIndexOptions { IncludeTexts = false });
        double loadSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var loaded = index.Search(queries, k);
        double searchSeconds = clock.Elapsed.TotalSeconds;
        long memoryPeak = PeakResidentBytes();
        bool identical = Enumerable.Range(0, loaded.Count).All(q => loaded[q].SequenceEqual(streamed[q]));
        index = null;
        GC.Collect();

        int qn = queries.Length / Dimension;
        return new JsonObject
        {
            ["bytes"] = bytes, ["shards"] = files.Length, ["write_s"] = Round(writeSeconds),
            ["sequential_read_mb_s"] = Round(bytes / readSeconds / 1e6), ["arrow_batches_mb_s"] = Round(bytes / arrowSeconds / 1e6),
            ["streamed_s"] = Round(scanSeconds), ["streamed_qps"] = Round(qn / scanSeconds),
            ["streamed_scan_mb_s"] = Round(bytes / scanSeconds / 1e6),
            ["streamed_vs_read"] = Round(readSeconds / scanSeconds), ["streamed_peak_rss_mb"] = peakMb(scanPeak),
            ["in_memory_load_s"] = Round(loadSeconds), ["in_memory_search_s"] = Round(searchSeconds),
            ["in_memory_qps"] = Round(qn / searchSeconds), ["in_memory_peak_rss_mb"] = peakMb(memoryPeak),
            ["identical"] = identical,
        };

        static double peakMb(long b) => Math.Round(b / 1048576.0);
    }

    private static async Task WriteStoreAsync(string dir, bool half, int rows, int shardRows)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(42);
        const int batchRows = 8192;
        for (int first = 0, shard = 0; first < rows; first += shardRows, shard++)
        {
            int end = Math.Min(rows, first + shardRows);
            var path = Path.Combine(dir, $"part-{shard:D5}.arrow");
            if (half)
            {
                await using var writer = new ArrowShardWriter<HalfEmbeddedPassage>(File.Create(path));
                for (int b = first; b < end; b += batchRows)
                    await writer.WriteAsync(Passages(rng, b, Math.Min(batchRows, end - b)).Select(HalfEmbeddedPassage.From).ToArray(), default);
            }
            else
            {
                await using var writer = new ArrowShardWriter<EmbeddedPassage>(File.Create(path));
                for (int b = first; b < end; b += batchRows)
                    await writer.WriteAsync(Passages(rng, b, Math.Min(batchRows, end - b)), default);
            }
        }
    }

    private static EmbeddedPassage[] Passages(Random rng, int first, int count)
    {
        var passages = new EmbeddedPassage[count];
        for (int i = 0; i < count; i++)
        {
            var v = new float[Dimension];
            FillUnit(rng, v);
            int row = first + i;
            // Three passages per document, as a chunked corpus has.
            passages[i] = new EmbeddedPassage($"d{row / 3}#{row % 3}", $"d{row / 3}", row % 3, null, "", 0, 0, v);
        }
        return passages;
    }

    private static void FillUnit(Random rng, Span<float> v)
    {
        double norm = 0;
        for (int j = 0; j < v.Length; j++)
        {
            v[j] = (float)(rng.NextDouble() * 2 - 1);
            norm += v[j] * v[j];
        }
        float scale = (float)(1 / Math.Sqrt(norm));
        for (int j = 0; j < v.Length; j++) v[j] *= scale;
    }

    // Linux resets VmHWM to the current RSS when 5 is written to clear_refs; elsewhere the peak is since start.
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static long PeakResidentBytes()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    private static double Round(double x) => Math.Round(x, 3);
}
