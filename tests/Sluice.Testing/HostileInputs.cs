using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Sluice.Testing;

/// <summary>
/// Builds damaged inputs the way they occur: files cut at a compressor's flush point (a download or copy that
/// stopped), members and frames made by the real <c>gzip</c> and <c>zstd</c> tools, flipped trailer bytes.
/// </summary>
public static class HostileInputs
{
    /// <summary>One JSON line <c>{"id":"dN","title":"tN","text":"…"}</c> per record, each ending in a line feed.</summary>
    public static string[] JsonLines(int count, int first = 0) =>
        Enumerable.Range(first, count)
            .Select(i => $"{{\"id\":\"d{i}\",\"title\":\"t{i}\",\"text\":\"{string.Join(' ', Enumerable.Range(0, 60).Select(w => $"w{(w * 7 + i) % 97}"))}\"}}\n")
            .ToArray();

    /// <summary>The ids of <see cref="JsonLines"/>.</summary>
    public static string[] Ids(int count, int first = 0) => Enumerable.Range(first, count).Select(i => $"d{i}").ToArray();

    /// <summary>
    /// Gzip of <paramref name="lines"/> by .NET's <see cref="GZipStream"/>, flushed after the first
    /// <paramref name="flushAfter"/> lines; returns the file and the length at the flush point, where every byte of
    /// those lines is decodable and the deflate stream is at a block boundary.
    /// </summary>
    public static (byte[] File, int FlushPoint) GzipWithFlushPoint(IReadOnlyList<string> lines, int flushAfter)
    {
        var output = new MemoryStream();
        int flushPoint;
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var line in lines.Take(flushAfter)) gzip.Write(Encoding.UTF8.GetBytes(line));
            gzip.Flush();
            flushPoint = (int)output.Length;
            foreach (var line in lines.Skip(flushAfter)) gzip.Write(Encoding.UTF8.GetBytes(line));
        }
        return (output.ToArray(), flushPoint);
    }

    /// <summary>Zstd of <paramref name="lines"/> with a content checksum, flushed (a block boundary) after the first
    /// <paramref name="flushAfter"/> lines; returns the file and the length at the flush point.</summary>
    public static (byte[] File, int FlushPoint) ZstdWithFlushPoint(IReadOnlyList<string> lines, int flushAfter)
    {
        var output = new MemoryStream();
        int flushPoint;
        using (var zstd = new CompressionStream(output, 3, leaveOpen: true))
        {
            zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            foreach (var line in lines.Take(flushAfter)) zstd.Write(Encoding.UTF8.GetBytes(line));
            zstd.Flush();
            flushPoint = (int)output.Length;
            foreach (var line in lines.Skip(flushAfter)) zstd.Write(Encoding.UTF8.GetBytes(line));
        }
        return (output.ToArray(), flushPoint);
    }

    /// <summary>One gzip member made by the real <c>gzip -n</c> (no name or time in the header).</summary>
    public static byte[] GzipTool(IEnumerable<string> lines) => Tool("gzip", ["-n", "-c"], lines);

    /// <summary>One zstd frame made by the real <c>zstd</c> (content checksum on, its default).</summary>
    public static byte[] ZstdTool(IEnumerable<string> lines) => Tool("zstd", ["-q", "-c"], lines);

    /// <summary><paramref name="bytes"/> with byte <paramref name="index"/> (negative: from the end) inverted.</summary>
    public static byte[] Flip(byte[] bytes, int index)
    {
        var copy = bytes.ToArray();
        copy[index < 0 ? copy.Length + index : index] ^= 0xFF;
        return copy;
    }

    private static byte[] Tool(string tool, string[] args, IEnumerable<string> lines)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        using (var input = process.StandardInput.BaseStream)
            foreach (var line in lines) input.Write(Encoding.UTF8.GetBytes(line));
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {errors.GetAwaiter().GetResult()}");
        return output.ToArray();
    }
}
