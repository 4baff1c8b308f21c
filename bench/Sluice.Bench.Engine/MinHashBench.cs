using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Operators.Dedup;
using Sluice.Operators.Text;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Engine;

/// <summary>
/// Benchmark 7: MinHash signatures and LSH band keys (FineWeb recipe, 14 × 8) of every document of the given
/// JSONL.gz files on P threads. Reading (gunzip + parse) is timed apart from signing, so the kernel's own rate is
/// visible; bench/dedup/minhash_ref.py measures the plain-Python reference on the same files.
/// </summary>
public static class MinHashBench
{
    /// <summary>Reads <paramref name="files"/>, then signs every document on <paramref name="parallelism"/> threads.</summary>
    public static async Task<JsonObject> RunAsync(IReadOnlyList<string> files, int parallelism)
    {
        var (docs, read) = await Measurement.TimeAsync(async () =>
        {
            var list = new List<string>();
            foreach (var file in files)
            {
                await using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                await foreach (var item in JsonlFormat.ReadAsync<Document>(stream, new JsonlReadOptions()))
                    if (item.Record is { } d) list.Add(d.Text);
            }
            return list;
        });
        var textBytes = docs.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        var signer = new MinHashSigner(new MinHashOptions());
        var o = signer.Options;

        // One warm-up pass over a slice, so tiered JIT has promoted the kernel before the measured run.
        Sign(signer, docs, 0, Math.Min(docs.Count, 2000));

        var (result, time) = await Measurement.TimeAsync(() =>
        {
            long signed = 0;
            ulong checksum = 0;
            var gate = new object();
            // Contiguous slices of 256 documents per task: few enough hand-offs that threads stay busy on signing.
            Parallel.For(0, (docs.Count + 255) / 256, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, slice =>
            {
                var (s, c) = Sign(signer, docs, slice * 256, Math.Min(docs.Count, slice * 256 + 256));
                lock (gate)
                {
                    signed += s;
                    checksum ^= c;
                }
            });
            return Task.FromResult((signed, checksum));
        });

        return new JsonObject
        {
            ["bench"] = "minhash",
            ["recipe"] = $"{o.ShingleWords}-word shingles, {o.Bands} bands x {o.RowsPerBand} rows, seed {o.Seed}",
            ["parallelism"] = parallelism,
            ["files"] = files.Count,
            ["docs"] = docs.Count,
            ["signed"] = result.signed,
            ["text_bytes"] = textBytes,
            ["read_wall_s"] = read.WallSeconds,
            ["read_cpu_s"] = read.CpuSeconds,
            ["wall_s"] = time.WallSeconds,
            ["cpu_s"] = time.CpuSeconds,
            ["docs_per_s"] = docs.Count / time.WallSeconds,
            ["docs_per_cpu_s"] = docs.Count / time.CpuSeconds,
            ["mb_per_cpu_s"] = textBytes / 1e6 / time.CpuSeconds,
            ["docs_per_cpu_s_with_read"] = docs.Count / (time.CpuSeconds + read.CpuSeconds),
            ["band_key_checksum"] = result.checksum.ToString("x16"),
            ["load_avg"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
        };
    }

    private static (long Signed, ulong Checksum) Sign(MinHashSigner signer, List<string> docs, int from, int to)
    {
        var o = signer.Options;
        Span<ulong> signature = stackalloc ulong[o.HashCount];
        long signed = 0;
        ulong checksum = 0;
        for (var i = from; i < to; i++)
        {
            if (!signer.TrySign(docs[i], signature)) continue;
            signed++;
            for (var band = 0; band < o.Bands; band++) checksum ^= MinHashSigner.BandKey(signature, band, o.RowsPerBand);
        }
        return (signed, checksum);
    }
}
