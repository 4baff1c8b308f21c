using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Operators.Tests.Web.Warc;

/// <summary>
/// Test-side handling of WARC bytes, written apart from the source under test: the whole file inflated by
/// <see cref="GZipStream"/> (which reads every member), cut into records by their Content-Length, and records
/// gzipped one member each.
/// </summary>
internal static partial class WarcBytes
{
    /// <summary>One record of a plain WARC: its bytes (header, block and the CRLF CRLF after it) and its header text.</summary>
    public sealed record Piece(byte[] Bytes, string Header)
    {
        public string? Field(string name) => Regex.Match(Header, $@"^{Regex.Escape(name)}: (.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.TrimEnd('\r') : null;
    }

    public static byte[] Inflate(string gzPath)
    {
        using var gz = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gz.CopyTo(plain);
        return plain.ToArray();
    }

    public static List<Piece> Records(byte[] warc)
    {
        var pieces = new List<Piece>();
        var pos = 0;
        while (pos < warc.Length)
        {
            var headerEnd = warc.AsSpan(pos).IndexOf("\r\n\r\n"u8) + pos;
            var header = Encoding.UTF8.GetString(warc, pos, headerEnd - pos);
            var length = int.Parse(ContentLength().Match(header).Groups[1].Value);
            var end = headerEnd + 4 + length + 4;
            pieces.Add(new Piece(warc[pos..end], header));
            pos = end;
        }
        return pieces;
    }

    /// <summary>Gzips each record as its own member; returns the file and the members' offsets.</summary>
    public static (byte[] File, List<long> Offsets) GzipEach(IEnumerable<byte[]> records)
    {
        using var file = new MemoryStream();
        var offsets = new List<long>();
        foreach (var record in records)
        {
            offsets.Add(file.Length);
            using (var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(record);
        }
        return (file.ToArray(), offsets);
    }

    [GeneratedRegex(@"^Content-Length: (\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex ContentLength();
}
