using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Formats;

public sealed class JsonlFormatTests
{
    private static async Task<byte[]> WriteAsync(IReadOnlyList<Doc> docs, Compression compression, int chunk = 7)
    {
        var output = new MemoryStream();
        await using var writer = new JsonlShardWriter<Doc>(output, compression);
        foreach (var part in docs.Chunk(chunk)) await writer.WriteAsync(part, default);
        await writer.CompleteAsync();
        Assert.Equal(docs.Count, writer.RecordsWritten);
        Assert.True(writer.BytesWritten > 0 || docs.Count == 0);
        return output.ToArray();
    }

    private static async Task<List<JsonlItem<T>>> ReadAllAsync<T>(Stream stream, JsonlReadOptions? options = null,
        long start = 0, long end = long.MaxValue, bool skip = false)
    {
        var items = new List<JsonlItem<T>>();
        await foreach (var item in JsonlFormat.ReadAsync<T>(stream, options ?? JsonlReadOptions.Default, start, end, skip)) items.Add(item);
        return items;
    }

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void RoundTrip_FixedSeedsEachCompression_ReturnsSameRecords(int seed)
    {
        for (byte which = 0; which < 3; which++) RoundTrip_AnyCompression_ReturnsSameRecords(seed, which);
    }

    [Property(MaxTest = 30)]
    public void RoundTrip_AnyCompression_ReturnsSameRecords(int seed, byte which)
    {
        var compression = (Compression)(which % 3);
        var docs = TestDocs.Make(seed);
        var bytes = WriteAsync(docs, compression).GetAwaiter().GetResult();
        using var stream = CompressionCodec.OpenRead(new MemoryStream(bytes), compression);
        var items = ReadAllAsync<Doc>(stream).GetAwaiter().GetResult();
        Assert.All(items, i => Assert.Null(i.Error));
        TestDocs.Equal(docs, items.Select(i => i.Record!).ToList());
        Assert.Equal(Enumerable.Range(1, docs.Count).Select(i => (long)i), items.Select(i => i.Line));
    }

    [Fact]
    public async Task Write_SnakeCaseNames_AndUtf8Text()
    {
        var bytes = await WriteAsync([new Doc("x", "日本", 1, 0.5, ["é"], [1f])], Compression.None);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal("{\"id\":\"x\",\"text\":\"日本\",\"count\":1,\"score\":0.5,\"tags\":[\"é\"],\"embedding\":[1]}\n", text);
        Assert.Equal("doc_id", SluiceJson.ColumnName("DocId"));
    }

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void ReadRanges_FixedSeeds_YieldEveryLineOnceInOrder(int seed) => ReadRanges_ArbitrarySplits_YieldEveryLineOnceInOrder(seed);

    [Property(MaxTest = 200)]
    public void ReadRanges_ArbitrarySplits_YieldEveryLineOnceInOrder(int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        int lines = random.Next(0, 30);
        for (int i = 0; i < lines; i++)
        {
            sb.Append(random.Next(6) switch { 0 => "", 1 => "  ", _ => $"{{\"id\":\"{i}\",\"text\":\"{new string('x', random.Next(0, 20))}\"}}" });
            sb.Append(random.Next(5) == 0 ? "\r\n" : "\n");
        }
        if (random.Next(2) == 0) sb.Append("{\"id\":\"last\"}");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var small = new JsonlReadOptions { MaxLineBytes = 1 << 10 };
        var whole = ReadAllAsync<Doc>(new MemoryStream(bytes), small).GetAwaiter().GetResult();

        var cuts = Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(0, bytes.Length + 1))
            .Append(0).Append(bytes.Length).Distinct().Order().ToArray();
        var pieces = new List<JsonlItem<Doc>>();
        for (int k = 0; k + 1 < cuts.Length; k++)
        {
            long a = cuts[k], b = cuts[k + 1];
            long from = a == 0 ? 0 : a - 1;
            var stream = new MemoryStream(bytes, (int)from, bytes.Length - (int)from);
            pieces.AddRange(ReadAllAsync<Doc>(stream, small, from, b, skip: a > 0).GetAwaiter().GetResult());
        }
        Assert.Equal(whole.Select(i => (i.Offset, i.Record!.Id)), pieces.Select(i => (i.Offset, i.Record!.Id)));
        Assert.All(whole, i => Assert.Null(i.Error));
    }

    [Fact]
    public async Task Read_MalformedJsonLine_RejectsOnlyThatLine()
    {
        var bytes = "{\"id\":\"a\"}\n{\"id\": oops}\nnull\n{\"id\":\"c\"}\n"u8.ToArray();
        var items = await ReadAllAsync<Doc>(new MemoryStream(bytes));
        Assert.Equal(4, items.Count);
        Assert.Contains("malformed JSON", items[1].Error);
        Assert.Equal(2, items[1].Line);
        Assert.Equal(11, items[1].Offset);
        Assert.Contains("JSON null", items[2].Error);
        Assert.Equal("c", items[3].Record!.Id);
    }

    [Fact]
    public async Task Read_InvalidUtf8Line_IsRejectedWithReason()
    {
        var bytes = "{\"id\":\"a\"}\n{\"id\":\"b"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}\n{\"id\":\"c\"}"u8.ToArray()).ToArray();
        var items = await ReadAllAsync<Doc>(new MemoryStream(bytes));
        Assert.Equal(3, items.Count);
        Assert.Contains("invalid UTF-8 at byte 8", items[1].Error);
        Assert.False(items[1].Fatal);
        Assert.Equal("c", items[2].Record!.Id);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task Read_OverlongLine_IsSkippedAndReported(int longLength)
    {
        var text = "{\"id\":\"a\"}\n{\"id\":\"" + new string('x', longLength) + "\"}\n{\"id\":\"c\"}\n";
        var items = await ReadAllAsync<Doc>(new MemoryStream(Encoding.UTF8.GetBytes(text)), new JsonlReadOptions { MaxLineBytes = 32 });
        Assert.Equal(3, items.Count);
        Assert.Contains("longer than the 32-byte limit", items[1].Error);
        Assert.Equal((2L, 11L), (items[1].Line, items[1].Offset));
        Assert.Equal("c", items[2].Record!.Id);
    }

    [Fact]
    public async Task Read_CorruptGzipMidFile_KeepsEarlierLinesThenOneFatalItem()
    {
        var docs = TestDocs.Make(1, 20_000);
        var bytes = await WriteAsync(docs, Compression.Gzip, chunk: 1000);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        using var stream = CompressionCodec.OpenRead(new MemoryStream(bytes), Compression.Gzip);
        var items = await ReadAllAsync<Doc>(stream);
        var fatal = Assert.Single(items, i => i.Fatal);
        Assert.Same(fatal.Error, items[^1].Error);
        Assert.Contains("stream failed at line", fatal.Error);
        var good = items.Where(i => i.IsOk).Select(i => i.Record!).ToList();
        Assert.NotEmpty(good);
        TestDocs.Equal(docs.Take(good.Count).ToList(), good);
    }

    [Theory]
    [InlineData(Compression.Gzip)]
    [InlineData(Compression.Zstd)]
    public async Task Read_TruncatedCompressedStream_EndsWithFatalItem(Compression compression)
    {
        var docs = TestDocs.Make(2, 5_000);
        var bytes = await WriteAsync(docs, compression, chunk: 1000);
        using var stream = CompressionCodec.OpenRead(new MemoryStream(bytes, 0, bytes.Length * 2 / 3), compression);
        var items = await ReadAllAsync<Doc>(stream);
        Assert.Single(items, i => !i.IsOk);
        Assert.True(items[^1].Fatal, items[^1].Error ?? "last item is not fatal");
    }

    [Fact]
    public async Task Read_CorruptZstd_EndsWithFatalItem()
    {
        var docs = TestDocs.Make(3, 20_000);
        var bytes = await WriteAsync(docs, Compression.Zstd, chunk: 1000);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        using var stream = CompressionCodec.OpenRead(new MemoryStream(bytes), Compression.Zstd);
        var items = await ReadAllAsync<Doc>(stream);
        Assert.True(items[^1].Fatal);
        Assert.Contains("stream failed at line", items[^1].Error);
        Assert.True(items.Count(i => i.IsOk) < docs.Count);
    }

    [Fact]
    public void FromKey_MapsExtensions()
    {
        Assert.Equal(Compression.Gzip, CompressionCodec.FromKey("a/b.jsonl.gz"));
        Assert.Equal(Compression.Zstd, CompressionCodec.FromKey("a/b.jsonl.ZST"));
        Assert.Equal(Compression.Zstd, CompressionCodec.FromKey("b.zstd"));
        Assert.Equal(Compression.None, CompressionCodec.FromKey("b.jsonl"));
    }
}
