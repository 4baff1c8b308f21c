using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sluice.Operators.Text;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Engine;

/// <summary>
/// Single-threaded CPU cost of each stage of the JSONL path, outside the engine, over a few corpus files: where
/// the filter's time goes (decompress, parse, serialise, compress, hash). Gzip goes through
/// <see cref="CompressionCodec"/>, so ISA-L serves unless <c>SLUICE_NATIVE=off</c>.
/// </summary>
public static class StageProfile
{
    /// <summary>Measures each stage over <paramref name="files"/>; returns seconds and MB/s per stage.</summary>
    public static async Task<JsonObject> RunAsync(IReadOnlyList<string> files)
    {
        var gz = files.Select(File.ReadAllBytes).ToArray();
        var result = new JsonObject
        {
            ["bench"] = "stages", ["files"] = files.Count, ["gz_bytes"] = gz.Sum(b => (long)b.Length),
            ["gzip_codec"] = Sluice.Storage.Formats.Native.NativeKernels.UseIsalGzip ? "ISA-L" : "System.IO.Compression",
        };
        long plainBytes = 0;
        var inflate = Cpu(() =>
        {
            plainBytes = 0;
            foreach (var b in gz)
            {
                using var s = CompressionCodec.OpenRead(new MemoryStream(b), Compression.Gzip);
                var buf = new byte[1 << 16];
                int n;
                while ((n = s.Read(buf)) > 0) plainBytes += n;
            }
        });
        result["jsonl_bytes"] = plainBytes;
        Add(result, "gunzip", inflate, plainBytes);

        var docs = new List<Document>();
        var parse = await CpuAsync(async () =>
        {
            docs.Clear();
            foreach (var b in gz)
            {
                await using var s = CompressionCodec.OpenRead(new MemoryStream(b), Compression.Gzip);
                await foreach (var item in JsonlFormat.ReadAsync<Document>(s, new JsonlReadOptions()))
                    if (item.Record is { } d) docs.Add(d);
            }
        });
        Add(result, "gunzip+parse (JsonlFormat)", parse, plainBytes);
        Add(result, "filter (WordCounter >= 50)", Cpu(() => docs.Count(d => WordCounter.Count(d.Text, 50) >= 50)), plainBytes);

        foreach (var (name, compression) in new[] { ("none", Compression.None), ("gzip fastest", Compression.Gzip), ("zstd 3", Compression.Zstd) })
        {
            long written = 0;
            var t = await CpuAsync(async () =>
            {
                var sink = new MemoryStream();
                await using var w = new JsonlShardWriter<Document>(sink, compression);
                for (var i = 0; i < docs.Count; i += 1024) await w.WriteAsync(docs.GetRange(i, Math.Min(1024, docs.Count - i)), default);
                await w.CompleteAsync();
                written = w.BytesWritten;
            });
            Add(result, $"serialise+{name} (JsonlShardWriter)", t, plainBytes);
            result[$"out_bytes_{name.Replace(' ', '_')}"] = written;
        }
        var plain = new byte[plainBytes];
        Random.Shared.NextBytes(plain);
        Add(result, "sha256 of the same byte count", Cpu(() => SHA256.HashData(plain)), plainBytes);
        return result;
    }

    private static void Add(JsonObject result, string stage, double seconds, long bytes) =>
        result[stage] = new JsonObject { ["cpu_s"] = Math.Round(seconds, 3), ["mb_per_s"] = Math.Round(bytes / 1e6 / seconds, 1) };

    // Each stage runs twice and the second (JIT-warm) run is kept.
    private static double Cpu(Action work)
    {
        work();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        work();
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    }

    private static async Task<double> CpuAsync(Func<Task> work)
    {
        await work();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await work();
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    }
}
