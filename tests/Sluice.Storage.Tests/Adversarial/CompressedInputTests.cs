using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Adversarial;

/// <summary>
/// A damaged gzip or zstd file never reads as complete: the lines before the damage are kept, then the read ends
/// with one fatal item naming the offset reached; an intact file, however many members or frames, reads whole.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class CompressedInputTests
{
    private const int Total = 182, BeforeCut = 100;
    private static readonly string[] Lines = HostileInputs.JsonLines(Total);
    private static readonly string[] AllIds = HostileInputs.Ids(Total);

    private static List<JsonlItem<Article>> Read(byte[] file, Compression compression)
    {
        using var stream = CompressionCodec.OpenRead(new MemoryStream(file), compression);
        var items = new List<JsonlItem<Article>>();
        var reading = JsonlFormat.ReadAsync<Article>(stream, JsonlReadOptions.Default).GetAsyncEnumerator();
        while (reading.MoveNextAsync().AsTask().GetAwaiter().GetResult()) items.Add(reading.Current);
        return items;
    }

    private static string[] IdsOf(IEnumerable<JsonlItem<Article>> items) => items.Where(i => i.IsOk).Select(i => i.Record!.Id).ToArray();

    /// <summary>The read kept exactly <paramref name="expectedIds"/> and ended with one fatal item saying <paramref name="why"/>.</summary>
    private static JsonlItem<Article> AssertDamaged(List<JsonlItem<Article>> items, string[] expectedIds, string why)
    {
        Assert.Equal(expectedIds, IdsOf(items));
        var last = items[^1];
        Assert.True(last.Fatal, "the read must end with a fatal item");
        Assert.Single(items, i => !i.IsOk);
        Assert.Contains(why, last.Error);
        return last;
    }

    [Fact]
    public void Gzip_CutAtFlushPoint_KeepsLinesBeforeAndFailsAtTheCut()
    {
        var (file, flushPoint) = HostileInputs.GzipWithFlushPoint(Lines, BeforeCut);

        var items = Read(file[..flushPoint], Compression.Gzip);

        var last = AssertDamaged(items, AllIds[..BeforeCut], "truncated");
        Assert.Contains($"compressed byte {flushPoint}", last.Error);
        Assert.Equal(BeforeCut + 1, last.Line);
        Assert.Equal(Lines.Take(BeforeCut).Sum(l => l.Length), last.Offset);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void Gzip_TrailerCutShort_KeepsAllLinesAndFails(int cut)
    {
        var file = HostileInputs.GzipTool(Lines);

        var items = Read(file[..^cut], Compression.Gzip);

        AssertDamaged(items, AllIds, "gzip member 1");
    }

    [Theory]
    [InlineData(-8)] // CRC-32
    [InlineData(-5)]
    [InlineData(-4)] // ISIZE
    [InlineData(-1)]
    public void Gzip_TrailerByteFlipped_Fails(int index)
    {
        var items = Read(HostileInputs.Flip(HostileInputs.GzipTool(Lines), index), Compression.Gzip);

        AssertDamaged(items, AllIds, "trailer check failed");
    }

    [Fact]
    public void Gzip_ConcatenatedMembersFromTheTool_ReadWholeIncludingAnEmptyMember()
    {
        byte[] file = [.. HostileInputs.GzipTool(Lines[..50]), .. HostileInputs.GzipTool([]), .. HostileInputs.GzipTool(Lines[50..])];

        var items = Read(file, Compression.Gzip);

        Assert.All(items, i => Assert.True(i.IsOk, i.Error));
        Assert.Equal(AllIds, IdsOf(items));
    }

    [Fact]
    public void Gzip_MiddleMemberCutAtFlushPoint_KeepsLinesBeforeTheCutAndNothingAfter()
    {
        var first = HostileInputs.GzipTool(Lines[..40]);
        var (second, flushPoint) = HostileInputs.GzipWithFlushPoint(Lines[40..140], BeforeCut - 40);
        byte[] file = [.. first, .. second[..flushPoint], .. HostileInputs.GzipTool(Lines[140..])];

        var items = Read(file, Compression.Gzip);

        // The inflater drops what it inflated in the call that met the damage: at most 4 KiB of text, here at most 16 lines.
        var kept = IdsOf(items);
        Assert.InRange(kept.Length, BeforeCut - 16, BeforeCut);
        var last = AssertDamaged(items, AllIds[..kept.Length], "gzip member 2");
        Assert.Contains($"at compressed byte {first.Length}", last.Error);
    }

    [Fact]
    public void Gzip_LastMemberCrcFlipped_Fails()
    {
        byte[] file = [.. HostileInputs.GzipTool(Lines[..50]), .. HostileInputs.Flip(HostileInputs.GzipTool(Lines[50..]), -8)];

        AssertDamaged(Read(file, Compression.Gzip), AllIds, "gzip member 2");
    }

    [Fact]
    public void Gzip_BytesAfterTheLastMember_Fail()
    {
        byte[] file = [.. HostileInputs.GzipTool(Lines), 0, 0, 0, 0];

        AssertDamaged(Read(file, Compression.Gzip), AllIds, "not a gzip member");
    }

    /// <summary>Every cut of a file short of its end is damage, wherever it falls: in a header, the deflate data or a
    /// trailer, of any member (a cut exactly between members leaves a shorter valid file, so it is skipped).</summary>
    [Fact]
    public void Gzip_EveryCut_KeepsOnlyAPrefixAndFails()
    {
        var lines = Lines[..12];
        var a = HostileInputs.GzipTool(lines[..5]);
        var b = HostileInputs.GzipTool([]);
        var c = HostileInputs.GzipWithFlushPoint(lines[5..], 3).File;
        byte[] file = [.. a, .. b, .. c];
        int[] boundaries = [a.Length, a.Length + b.Length];
        var ids = HostileInputs.Ids(12);

        Assert.Equal(ids, IdsOf(Read(file, Compression.Gzip)));
        for (var cut = 1; cut < file.Length; cut++)
        {
            if (boundaries.Contains(cut)) continue;
            var items = Read(file[..cut], Compression.Gzip);
            var kept = IdsOf(items);
            Assert.True(items.Count > 0 && items[^1].Fatal, $"cut at {cut} of {file.Length} ({a.Length}+{b.Length}+{c.Length}) read as complete: {string.Join(",", kept)}");
            Assert.Equal(ids[..kept.Length], kept);
        }
    }

    [Fact]
    public void Gzip_SyncReads_GiveWhatAsyncReadsGiveAndZeroBytesAreEmpty()
    {
        byte[] file = [.. HostileInputs.GzipTool(Lines[..50]), .. HostileInputs.GzipTool([]), .. HostileInputs.GzipTool(Lines[50..])];
        using var whole = new MemoryStream();
        using (var gzip = CompressionCodec.OpenRead(new MemoryStream(file), Compression.Gzip)) gzip.CopyTo(whole, 1000);

        Assert.Equal(string.Concat(Lines), System.Text.Encoding.UTF8.GetString(whole.ToArray()));
        using var cut = CompressionCodec.OpenRead(new MemoryStream(file[..^3]), Compression.Gzip);
        Assert.Throws<InvalidDataException>(() => cut.CopyTo(Stream.Null));
        using var empty = CompressionCodec.OpenRead(new MemoryStream([]), Compression.Gzip);
        Assert.Equal(0, empty.Read(new byte[10]));
    }

    [Fact]
    public void Zstd_CutAtFlushPoint_KeepsLinesBeforeAndFails()
    {
        var (file, flushPoint) = HostileInputs.ZstdWithFlushPoint(Lines, BeforeCut);

        var items = Read(file[..flushPoint], Compression.Zstd);

        var last = AssertDamaged(items, AllIds[..BeforeCut], "stream failed");
        Assert.Equal(BeforeCut + 1, last.Line);
    }

    [Fact]
    public void Zstd_ContentChecksumFlipped_FailsKeepingNoMoreThanAPrefix()
    {
        var items = Read(HostileInputs.Flip(HostileInputs.ZstdTool(Lines), -1), Compression.Zstd);

        // The decoder holds back the frame's last block until the checksum is checked.
        var kept = IdsOf(items);
        AssertDamaged(items, AllIds[..kept.Length], "checksum");
    }

    [Fact]
    public void Zstd_ConcatenatedFramesFromTheTool_ReadWhole()
    {
        byte[] file = [.. HostileInputs.ZstdTool(Lines[..50]), .. HostileInputs.ZstdTool(Lines[50..])];

        var items = Read(file, Compression.Zstd);

        Assert.All(items, i => Assert.True(i.IsOk, i.Error));
        Assert.Equal(AllIds, IdsOf(items));
    }

    [Fact]
    public void Zstd_EveryCut_KeepsOnlyAPrefixAndFails()
    {
        var lines = Lines[..12];
        var a = HostileInputs.ZstdTool(lines[..5]);
        var b = HostileInputs.ZstdWithFlushPoint(lines[5..], 3).File;
        byte[] file = [.. a, .. b];
        var ids = HostileInputs.Ids(12);

        Assert.Equal(ids, IdsOf(Read(file, Compression.Zstd)));
        for (var cut = 1; cut < file.Length; cut++)
        {
            if (cut == a.Length) continue;
            var items = Read(file[..cut], Compression.Zstd);
            var kept = IdsOf(items);
            Assert.True(items.Count > 0 && items[^1].Fatal, $"cut at {cut} of {file.Length} read as complete");
            Assert.Equal(ids[..kept.Length], kept);
        }
    }

    [Fact]
    public void Written_ZstdShard_CarriesAContentChecksum()
    {
        var output = new MemoryStream();
        using (var zstd = CompressionCodec.OpenWrite(output, Compression.Zstd)) zstd.Write("{\"id\":\"a\",\"text\":\"b\"}\n"u8);
        var frame = output.ToArray();

        // Frame header descriptor (after the 4-byte magic): bit 2 is Content_Checksum_flag.
        Assert.NotEqual(0, frame[4] & 0x04);
        var items = Read(HostileInputs.Flip(frame, -1), Compression.Zstd);
        Assert.True(items[^1].Fatal);
        Assert.Contains("checksum", items[^1].Error);
    }
}
