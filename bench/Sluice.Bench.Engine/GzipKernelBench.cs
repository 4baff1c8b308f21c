using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Sluice.Storage.Formats;
using Sluice.Storage.Formats.Native;

namespace Sluice.Bench.Engine;

/// <summary>
/// The ISA-L gzip kernel against its managed twin on one thread, outside the engine (native-kernels/README.md):
/// CPU-seconds per MB of JSONL to gunzip the corpus files (through <see cref="CompressionCodec.OpenRead"/>, so with
/// every check the pipeline makes) and to gzip the same text at System.IO.Compression's Fastest and ISA-L's levels
/// 1–3, with the bytes each writes. Each figure is the least CPU of <c>repeats</c> runs after one warm-up.
/// </summary>
public static class GzipKernelBench
{
    /// <summary>Measures <paramref name="files"/>; throws when the native library is not loaded.</summary>
    public static JsonObject Run(IReadOnlyList<string> files, int repeats)
    {
        if (!NativeKernels.IsalGzipLoaded) throw new InvalidOperationException(NativeKernels.IsalGzipLoadError);
        var gz = files.Select(File.ReadAllBytes).ToArray();
        var plain = gz.Select(b => Inflate(b, native: false)).ToArray();
        var mb = plain.Sum(p => (long)p.Length) / 1e6;
        var result = new JsonObject
        {
            ["bench"] = "gzip-kernel", ["files"] = files.Count, ["gz_bytes"] = gz.Sum(b => (long)b.Length),
            ["jsonl_bytes"] = plain.Sum(p => (long)p.Length), ["repeats"] = repeats,
        };
        for (var i = 0; i < gz.Length; i++)
            if (!Inflate(gz[i], native: true).AsSpan().SequenceEqual(plain[i])) throw new InvalidDataException($"ISA-L and managed differ on {files[i]}");

        var managedIn = BestCpu(repeats, () => { foreach (var b in gz) Inflate(b, native: false); });
        var nativeIn = BestCpu(repeats, () => { foreach (var b in gz) Inflate(b, native: true); });
        result["gunzip managed (VerifiedGzipStream, zlib-ng)"] = Figure(managedIn, mb);
        result["gunzip ISA-L (IsalGzipReadStream)"] = Figure(nativeIn, mb);
        result["gunzip speed-up"] = Math.Round(managedIn / nativeIn, 2);

        long outBytes = 0;
        var managedOut = BestCpu(repeats, () => outBytes = plain.Sum(p => Deflate(p, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true))));
        result["gzip managed Fastest (GZipStream, zlib-ng level 1)"] = Figure(managedOut, mb, outBytes);
        foreach (var level in new[] { 1, 2, 3 })
        {
            var t = BestCpu(repeats, () => outBytes = plain.Sum(p => Deflate(p, s => new IsalGzipWriteStream(new KeepOpen(s), level))));
            result[$"gzip ISA-L level {level} (IsalGzipWriteStream)"] = Figure(t, mb, outBytes);
            result[$"gzip ISA-L level {level} speed-up"] = Math.Round(managedOut / t, 2);
        }
        return result;
    }

    private static byte[] Inflate(byte[] gz, bool native)
    {
        using var s = native ? new IsalGzipReadStream(new MemoryStream(gz)) : ManagedRead(gz);
        var output = new MemoryStream(gz.Length * 4);
        s.CopyTo(output, 1 << 16);
        return output.ToArray();
    }

    // CompressionCodec picks the managed reader under SLUICE_NATIVE=off; the bench is single-threaded.
    private static Stream ManagedRead(byte[] gz)
    {
        var before = Environment.GetEnvironmentVariable("SLUICE_NATIVE");
        Environment.SetEnvironmentVariable("SLUICE_NATIVE", "off");
        try
        {
            return CompressionCodec.OpenRead(new MemoryStream(gz), Compression.Gzip);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SLUICE_NATIVE", before);
        }
    }

    // Writes in 1 MiB pieces, as JsonlShardWriter does; returns the compressed size.
    private static long Deflate(byte[] plain, Func<Stream, Stream> open)
    {
        var sink = new MemoryStream(plain.Length / 2);
        using (var z = open(sink))
            for (var i = 0; i < plain.Length; i += 1 << 20) z.Write(plain, i, Math.Min(1 << 20, plain.Length - i));
        return sink.Length;
    }

    private static JsonObject Figure(double cpu, double mb, long? outBytes = null)
    {
        var o = new JsonObject { ["cpu_s"] = Math.Round(cpu, 3), ["mb_per_cpu_s"] = Math.Round(mb / cpu, 1) };
        if (outBytes is { } b) o["out_bytes"] = b;
        return o;
    }

    private static double BestCpu(int repeats, Action work)
    {
        work();
        var best = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            work();
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        return best;
    }

    /// <summary>Keeps the sink open when the gzip writer disposes it, so its length can be read.</summary>
    private sealed class KeepOpen(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
