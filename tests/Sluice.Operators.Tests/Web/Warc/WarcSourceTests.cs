using System.IO.Compression;
using System.Text;
using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Tests.Web.Warc;

/// <summary><c>ReadWarc</c> over a WARC that wget wrote while crawling a local server, and over damaged copies of it.</summary>
public sealed class WarcSourceTests(WgetSite site) : IClassFixture<WgetSite>
{
    private static readonly WarcSourceOptions AllTypes = new() { Types = ["warcinfo", "request", "response", "metadata", "resource", "conversion"] };

    private sealed record Reject(long Position, string Error, bool Fatal);

    [Fact]
    public async Task ReadWarc_WgetCrawl_EveryFetchedUrlOnceAsA200ResponseWithTheServedText()
    {
        var records = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath));

        Assert.All(records, r => Assert.Equal("response", r.WarcType));
        foreach (var path in site.Served.Distinct())
        {
            var page = site.Pages[path];
            var r = Assert.Single(records, r => r.TargetUri == site.BaseUrl + path);
            Assert.Equal(200, r.HttpStatus);
            Assert.Equal(page.Bytes, r.Payload);
            Assert.Equal(page.ContentType, r.HttpContentType);
            Assert.Contains(r.HttpHeaders, h => h == $"Content-Length: {page.Bytes.Length}");
            Assert.Equal(page.Text, r.Text);
            Assert.Equal(0, r.InvalidBytes);
            Assert.StartsWith("<urn:uuid:", r.RecordId);
            Assert.NotNull(r.Date);
        }
        // All five pages and the image were fetched; robots.txt (404) is the one other response.
        Assert.Equal(site.Pages.Keys.Order(), site.Served.Distinct().Order());
        var robots = Assert.Single(records, r => r.TargetUri == site.BaseUrl + "/robots.txt");
        Assert.Equal(404, robots.HttpStatus);
        Assert.Equal(site.Pages.Count + 1, records.Count);
    }

    [Fact]
    public async Task ReadWarc_Charset_FromHeaderThenMetaThenUtf8_AndIso88591MeansWindows1252()
    {
        var records = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath));
        WarcEntry At(string path) => records.Single(r => r.TargetUri == site.BaseUrl + path);

        Assert.Equal(("utf-8", "header"), (At("/gimp-layer-crop.html").Charset, At("/gimp-layer-crop.html").CharsetSource));
        Assert.Equal(("utf-8", "meta"), (At("/plug-in-zealouscrop.html").Charset, At("/plug-in-zealouscrop.html").CharsetSource));
        Assert.Equal(("utf-8", "default"), (At("/script-fu-add-bevel.html").Charset, At("/script-fu-add-bevel.html").CharsetSource));
        var legacy = At("/legacy-latin1.html");
        Assert.Equal(("windows-1252", "header"), (legacy.Charset, legacy.CharsetSource));
        Assert.Contains("Café, naïve façade — über 5 €", legacy.Text);
        // The bytes are not UTF-8: read as UTF-8 they would not give the text.
        Assert.NotEqual(legacy.Text, Encoding.UTF8.GetString(legacy.Payload!));
        var png = At("/home.png");
        Assert.Null(png.Text);
        Assert.Null(png.Charset);
    }

    [Fact]
    public async Task ReadWarc_RequestRecords_SkippedByDefault_PresentWhenAsked()
    {
        var responses = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath));
        var both = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath, new WarcSourceOptions { Types = ["request", "response"] }));

        Assert.DoesNotContain(responses, r => r.WarcType == "request");
        var requests = both.Where(r => r.WarcType == "request").ToList();
        Assert.Equal(responses.Select(r => r.TargetUri).Order(), requests.Select(r => r.TargetUri).Order());
        Assert.All(requests, r =>
        {
            Assert.Null(r.HttpStatus);
            Assert.Contains(r.HttpHeaders, h => h.StartsWith("User-Agent: Wget/", StringComparison.Ordinal));
        });
        Assert.Equal(responses.Select(r => r.RecordId), both.Where(r => r.WarcType == "response").Select(r => r.RecordId));
    }

    [Fact]
    public async Task ReadWarc_GzipMembers_PositionsAreMemberOffsetsThatEachInflateToOneRecord()
    {
        var bytes = await File.ReadAllBytesAsync(site.WarcPath);
        var (records, rejects) = await ReadDirectAsync(site.WarcPath, AllTypes);

        Assert.Empty(rejects);
        var expected = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(expected.Select(p => p.Field("WARC-Record-ID")), records.Select(r => r.RecordId));
        var offsets = records.Select(r => r.Offset).Append(bytes.Length).ToList();
        Assert.Equal(0, offsets[0]);
        for (var i = 0; i < records.Count; i++)
        {
            // Independently: GZipStream over exactly [offset, next offset) gives exactly that record.
            using var gz = new GZipStream(new MemoryStream(bytes[(int)offsets[i]..(int)offsets[i + 1]]), CompressionMode.Decompress);
            using var one = new MemoryStream();
            await gz.CopyToAsync(one);
            Assert.Equal(expected[i].Bytes, one.ToArray());
        }
        Assert.Contains(records, r => r.WarcType == "warcinfo");
        Assert.Contains(records, r => r.WarcType == "resource");
    }

    [Fact]
    public async Task ReadWarc_SmallUnits_SplitAtMembers_SameRecordsAsOneUnit()
    {
        var whole = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath, AllTypes));
        var split = await RecordCollector.CollectAsync(p => p.ReadWarc(site.WarcPath, AllTypes with { UnitBytes = 1500 }));
        var units = await new WarcSource(site.WarcPath, AllTypes with { UnitBytes = 1500 }).PlanAsync(0, CancellationToken.None);

        Assert.True(units.Count > 3, $"{units.Count} units");
        Assert.Equal(whole.Select(r => (r.RecordId, r.Offset)), split.Select(r => (r.RecordId, r.Offset)));
    }

    [Fact]
    public async Task ReadWarc_PlainWarc_SameRecordsAsGzip_PositionsAreRecordOffsets()
    {
        var plain = WarcBytes.Inflate(site.WarcPath);
        var path = Write("plain.warc", plain);
        var (records, rejects) = await ReadDirectAsync(path, AllTypes);
        var (gz, _) = await ReadDirectAsync(site.WarcPath, AllTypes);

        Assert.Empty(rejects);
        Assert.Equal(gz.Select(r => (r.RecordId, r.Text, r.HttpStatus)), records.Select(r => (r.RecordId, r.Text, r.HttpStatus)));
        var starts = new List<long>();
        long at = 0;
        foreach (var piece in WarcBytes.Records(plain)) { starts.Add(at); at += piece.Bytes.Length; }
        Assert.Equal(starts, records.Select(r => r.Offset));
    }

    [Fact]
    public async Task ReadWarc_WetConversionRecords_TextAsWritten_ReadByDefault()
    {
        // A WET file as Common Crawl writes one: a conversion record per page (here the served pages' texts), one
        // gzip member each, named .warc.wet.gz.
        var pages = site.Pages.Where(p => p.Value.Text is not null).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var members = pages.Select(p =>
        {
            var block = Encoding.UTF8.GetBytes(p.Value.Text!);
            var header = $"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {site.BaseUrl}{p.Key}\r\n" +
                $"WARC-Date: 2026-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nContent-Type: text/plain\r\nContent-Length: {block.Length}\r\n\r\n";
            return Encoding.UTF8.GetBytes(header).Concat(block).Concat("\r\n\r\n"u8.ToArray()).ToArray();
        });
        var path = Write("pages.warc.wet.gz", WarcBytes.GzipEach(members).File);

        var records = await RecordCollector.CollectAsync(p => p.ReadWarc(path));

        Assert.Equal(pages.Select(p => p.Value.Text), records.Select(r => r.Text));
        Assert.All(records, r =>
        {
            Assert.Equal("conversion", r.WarcType);
            Assert.Null(r.HttpStatus);
            Assert.Equal(("utf-8", "default"), (r.Charset, r.CharsetSource));
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), r.Date);
        });
    }

    [Fact]
    public async Task ReadWarc_TruncatedMember_IsAFatalRejectAtItsOffset_RecordsBeforeItKept()
    {
        var (good, _) = await ReadDirectAsync(site.WarcPath, AllTypes);
        var victim = good.Last(r => r.WarcType == "response");
        var next = good[good.IndexOf(victim) + 1].Offset;
        var bytes = await File.ReadAllBytesAsync(site.WarcPath);
        var path = Write("cut.warc.gz", bytes[..(int)(victim.Offset + (next - victim.Offset) / 2)]);

        var (records, rejects) = await ReadDirectAsync(path, AllTypes);

        Assert.Equal(good.TakeWhile(r => r != victim).Select(r => r.RecordId), records.Select(r => r.RecordId));
        var reject = Assert.Single(rejects);
        Assert.Equal(victim.Offset, reject.Position);
        Assert.True(reject.Fatal);
        Assert.Contains(path, reject.Error);
        Assert.Contains($"at byte {victim.Offset}", reject.Error);
        Assert.Contains("truncated", reject.Error);
    }

    [Fact]
    public async Task ReadWarc_PlainWarcCutInsideARecord_RejectAtItsOffset_RecordsBeforeItKept()
    {
        var pieces = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        var victim = pieces.FindLastIndex(p => p.Field("WARC-Type") == "response");
        var start = pieces.Take(victim).Sum(p => (long)p.Bytes.Length);
        var path = Write("cut.warc", pieces.SelectMany(p => p.Bytes).Take((int)start + pieces[victim].Bytes.Length / 2).ToArray());

        var (records, rejects) = await ReadDirectAsync(path, AllTypes);

        Assert.Equal(pieces.Take(victim).Select(p => p.Field("WARC-Record-ID")), records.Select(r => r.RecordId));
        var reject = Assert.Single(rejects);
        Assert.Equal(start, reject.Position);
        Assert.Contains($"{path} at byte {start}: Content-Length {pieces[victim].Field("Content-Length")} overruns the input", reject.Error);
    }

    [Fact]
    public async Task ReadWarc_CorruptBytesInAMember_RejectThatMember_TheRestRead()
    {
        var (good, _) = await ReadDirectAsync(site.WarcPath, AllTypes);
        var victim = good.First(r => r.TargetUri == site.BaseUrl + "/gimp-layer-crop.html" && r.WarcType == "response");
        var next = good[good.IndexOf(victim) + 1].Offset;
        var bytes = await File.ReadAllBytesAsync(site.WarcPath);
        // Flip bytes in the middle of the member's deflate data.
        var middle = (int)(victim.Offset + (next - victim.Offset) / 2);
        for (var i = middle; i < middle + 4; i++) bytes[i] ^= 0x5A;
        var path = Write("flipped.warc.gz", bytes);

        var (records, rejects) = await ReadDirectAsync(path, AllTypes);

        Assert.Equal(good.Where(r => r != victim).Select(r => r.RecordId), records.Select(r => r.RecordId));
        var reject = Assert.Single(rejects);
        Assert.Equal(victim.Offset, reject.Position);
        Assert.False(reject.Fatal);
        Assert.Contains($"{path} at byte {victim.Offset}", reject.Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadWarc_MissingVersionLine_RejectsThatRecord_TheRestRead(bool gzip)
    {
        var pieces = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        var victim = pieces.FindIndex(p => p.Field("WARC-Type") == "response" && p.Field("WARC-Target-URI")!.Contains("/plug-in-zealouscrop.html", StringComparison.Ordinal));
        var edited = pieces.Select(p => p.Bytes.ToArray()).ToList();
        edited[victim][3] = (byte)'X'; // WARC/1.0 -> WARX/1.0

        var (records, rejects, offset) = await ReadEditedAsync(edited, victim, gzip);

        Assert.Equal(pieces.Where((_, i) => i != victim).Select(p => p.Field("WARC-Record-ID")), records.Select(r => r.RecordId));
        var reject = Assert.Single(rejects);
        Assert.Equal(offset, reject.Position);
        Assert.Contains("no WARC/1.x version line", reject.Error);
        Assert.Contains("'WARX/1.0", reject.Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadWarc_ContentLengthOverrun_RejectsThatRecord_TheRestRead(bool gzip)
    {
        var pieces = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        var victim = pieces.FindIndex(p => p.Field("WARC-Type") == "response" && p.Field("WARC-Target-URI")!.Contains("/gimp-layer-crop.html", StringComparison.Ordinal));
        var edited = pieces.Select(p => p.Bytes).ToList();
        var length = pieces[victim].Field("Content-Length")!;
        var text = Encoding.UTF8.GetString(edited[victim]).Replace($"Content-Length: {length}\r\n", $"Content-Length: {long.Parse(length) + 100}\r\n", StringComparison.Ordinal);
        edited[victim] = Encoding.UTF8.GetBytes(text);

        var (records, rejects, offset) = await ReadEditedAsync(edited, victim, gzip);

        Assert.Equal(pieces.Where((_, i) => i != victim).Select(p => p.Field("WARC-Record-ID")), records.Select(r => r.RecordId));
        var reject = Assert.Single(rejects);
        Assert.Equal(offset, reject.Position);
        Assert.Contains($"Content-Length {long.Parse(length) + 100}", reject.Error);
    }

    [Fact]
    public async Task ReadWarc_InvalidBytesInAUtf8Page_ReplacedAndCounted_NotAReject()
    {
        var pieces = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        var victim = pieces.FindIndex(p => p.Field("WARC-Type") == "response" && p.Field("WARC-Target-URI")!.Contains("/gimp-layer-crop.html", StringComparison.Ordinal));
        var edited = pieces.Select(p => p.Bytes.ToArray()).ToList();
        // Two bytes that are never UTF-8 (0xFF, 0xFE) in place of "Cr" in the page's <title>, length unchanged.
        var at = edited[victim].AsSpan().IndexOf("Crop Layer</title>"u8);
        Assert.True(at > 0);
        edited[victim][at] = 0xFF;
        edited[victim][at + 1] = 0xFE;

        var (records, rejects, _) = await ReadEditedAsync(edited, victim, gzip: true);

        Assert.Empty(rejects);
        var page = records.Single(r => r.TargetUri == site.BaseUrl + "/gimp-layer-crop.html" && r.WarcType == "response");
        Assert.Equal(2, page.InvalidBytes);
        Assert.Contains("\uFFFD\uFFFDop Layer</title>", page.Text);
        Assert.Equal(site.Pages["/gimp-layer-crop.html"].Text!.Length, page.Text!.Length);
    }

    [Fact]
    public async Task ReadWarc_PlainBytesNamedGz_OneFatalReject()
    {
        var path = Write("not-gzip.warc.gz", WarcBytes.Inflate(site.WarcPath));

        var (records, rejects) = await ReadDirectAsync(path, AllTypes);

        Assert.Empty(records);
        var reject = Assert.Single(rejects);
        Assert.True(reject.Fatal);
        Assert.Contains($"{path} at byte 0: not gzip data", reject.Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadWarc_RecordOverTheSizeLimit_RejectedWithTheLimit_SmallerOnesRead(bool gzip)
    {
        var pieces = WarcBytes.Records(WarcBytes.Inflate(site.WarcPath));
        var path = gzip ? site.WarcPath : Write("limit.warc", pieces.SelectMany(p => p.Bytes).ToArray());
        const int limit = 4000;

        var (records, rejects) = await ReadDirectAsync(path, AllTypes with { MaxRecordBytes = limit });

        // gzip: the limit applies to what a member inflates to (the whole record); plain: to the block.
        var small = pieces.Where(p => gzip ? p.Bytes.Length - 4 <= limit : int.Parse(p.Field("Content-Length")!) <= limit).ToList();
        Assert.True(small.Count > 0 && small.Count < pieces.Count);
        Assert.Equal(small.Select(p => p.Field("WARC-Record-ID")), records.Select(r => r.RecordId));
        Assert.Equal(pieces.Count - small.Count, rejects.Count);
        Assert.All(rejects, r => Assert.Contains($"over the {limit}-byte limit", r.Error));
    }

    // Writes the edited records as a .warc.gz (one member each) or a plain .warc, reads it, and returns the position the
    // victim's reject should have: its member's offset, or its byte offset.
    private async Task<(List<WarcEntry> Records, List<Reject> Rejects, long VictimOffset)> ReadEditedAsync(List<byte[]> records, int victim, bool gzip)
    {
        string path;
        long offset;
        if (gzip)
        {
            var (file, offsets) = WarcBytes.GzipEach(records);
            path = Write($"edited-{Guid.NewGuid():N}.warc.gz", file);
            offset = offsets[victim];
        }
        else
        {
            path = Write($"edited-{Guid.NewGuid():N}.warc", records.SelectMany(r => r).ToArray());
            offset = records.Take(victim).Sum(r => (long)r.Length);
        }
        var (read, rejects) = await ReadDirectAsync(path, AllTypes);
        return (read, rejects, offset);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(site.Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Plans and reads the source directly, to see its rejects.
    private static async Task<(List<WarcEntry> Records, List<Reject> Rejects)> ReadDirectAsync(string uri, WarcSourceOptions options)
    {
        var source = new WarcSource(uri, options);
        var records = new List<WarcEntry>();
        var rejects = new List<Reject>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var unit in await source.PlanAsync(0, timeout.Token))
            await foreach (var item in source.ReadAsync(unit, timeout.Token))
            {
                if (item.Error is null) records.Add(item.Record!);
                else rejects.Add(new Reject(item.Position, item.Error, item.Fatal));
            }
        return (records, rejects);
    }
}
