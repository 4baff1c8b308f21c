using System.Text.Json;
using Apache.Arrow.Ipc;
using FsCheck.Xunit;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Formats;

public sealed class ArrowFormatTests
{
    private static async Task<byte[]> WriteFileAsync(IReadOnlyList<Doc> docs, int chunk = 9, Dictionary<string, string>? metadata = null)
    {
        var output = new MemoryStream();
        await using var writer = new ArrowShardWriter<Doc>(output, metadata);
        foreach (var part in docs.Chunk(chunk)) await writer.WriteAsync(part, default);
        await writer.CompleteAsync();
        Assert.Equal(docs.Count, writer.RecordsWritten);
        Assert.Equal(output.ToArray().Length, writer.BytesWritten);
        return output.ToArray();
    }

    private static async Task<List<Doc>> ReadAllAsync(Stream stream, int first = 0, int count = int.MaxValue)
    {
        var rows = new List<Doc>();
        await foreach (var batch in ArrowFormat.ReadAsync<Doc>(stream, first, count)) rows.AddRange(batch);
        return rows;
    }

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void FileRoundTrip_FixedSeeds_ReturnsSameRecords(int seed) => FileRoundTrip_SeekableAndNot_ReturnsSameRecords(seed);

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void StreamRoundTrip_FixedSeeds_ReturnsSameRecords(int seed) => StreamRoundTrip_ReturnsSameRecords(seed);

    [Fact]
    public async Task FileRoundTrip_NoRecords_SeekableAndNotReadNone()
    {
        var bytes = await WriteFileAsync([]);
        Assert.Empty(await ReadAllAsync(new MemoryStream(bytes)));
        Assert.Empty(await ReadAllAsync(new NonSeekable(bytes)));
        Assert.Equal(0, (await ArrowFormat.InspectAsync(new NonSeekable(bytes))).RowCount);
    }

    [Fact]
    public async Task Read_FileWithSchemaOnlyInFooter_SeekableAndNotReadNone()
    {
        // What Apache.Arrow's file writer leaves when closed before any batch (and Sluice wrote before it sent an
        // empty batch): the body opens with the end-of-stream marker and the schema is in the footer alone.
        var output = new MemoryStream();
        using (var writer = new ArrowFileWriter(output, RecordSchema<Doc>.Instance.ArrowSchema(null), leaveOpen: true))
        {
            await writer.WriteStartAsync();
            await writer.WriteEndAsync();
        }
        var bytes = output.ToArray();
        Assert.Empty(await ReadAllAsync(new MemoryStream(bytes)));
        Assert.Empty(await ReadAllAsync(new NonSeekable(bytes)));
        var info = await ArrowFormat.InspectAsync(new NonSeekable(bytes));
        Assert.Equal(0, info.RowCount);
        Assert.Contains("id: utf8", info.Columns);
    }

    [Property(MaxTest = 30)]
    public void FileRoundTrip_SeekableAndNot_ReturnsSameRecords(int seed)
    {
        var docs = TestDocs.Make(seed);
        var bytes = WriteFileAsync(docs).GetAwaiter().GetResult();
        TestDocs.Equal(docs, ReadAllAsync(new MemoryStream(bytes)).GetAwaiter().GetResult());
        TestDocs.Equal(docs, ReadAllAsync(new NonSeekable(bytes)).GetAwaiter().GetResult());
    }

    [Property(MaxTest = 30)]
    public void StreamRoundTrip_ReturnsSameRecords(int seed)
    {
        var docs = TestDocs.Make(seed);
        var schema = RecordSchema<Doc>.Instance.ArrowSchema(docs);
        var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, schema, leaveOpen: true))
        {
            foreach (var part in docs.Chunk(5)) writer.WriteRecordBatch(RecordSchema<Doc>.Instance.ToRecordBatch(part, schema));
            writer.WriteEnd();
        }
        TestDocs.Equal(docs, ReadAllAsync(new MemoryStream(output.ToArray())).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task ReadAsync_BatchWindow_SkipsAndLimits()
    {
        var docs = TestDocs.Make(5, 50);
        var bytes = await WriteFileAsync(docs, chunk: 10);
        TestDocs.Equal(docs.Skip(20).Take(20).ToList(), await ReadAllAsync(new MemoryStream(bytes), 2, 2));
        TestDocs.Equal(docs.Skip(20).Take(20).ToList(), await ReadAllAsync(new NonSeekable(bytes), 2, 2));
    }

    [Fact]
    public async Task InspectAsync_ReportsSchemaCountsAndMetadata()
    {
        var docs = TestDocs.Make(6, 25).Select(d => d with { Embedding = new float[3] }).ToList();
        var bytes = await WriteFileAsync(docs, chunk: 10, metadata: new() { ["pipeline"] = "pes2o" });
        var info = await ArrowFormat.InspectAsync(new MemoryStream(bytes));
        Assert.True(info.IsFileFormat);
        Assert.Equal(3, info.RecordBatchCount);
        Assert.Equal(25, info.RowCount);
        Assert.Equal("pes2o", info.Metadata["pipeline"]);
        Assert.Contains("embedding: fixed_size_list<halffloat>[3]".Replace("halffloat", "float"), info.Columns);
        Assert.Contains("count: int32", info.Columns);
    }

    [Fact]
    public async Task Read_TruncatedFile_ThrowsInvalidData()
    {
        var bytes = await WriteFileAsync(TestDocs.Make(7, 100));
        var cut = new MemoryStream(bytes, 0, bytes.Length - 40);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(cut));
        Assert.Contains("truncated or corrupt", e.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => ArrowFormat.InspectAsync(new MemoryStream(bytes, 0, bytes.Length / 2)));
    }

    [Fact]
    public async Task Write_VectorLengthMismatch_NamesRowAndProperty()
    {
        var docs = TestDocs.Make(8, 3).Select((d, i) => d with { Embedding = new float[i == 2 ? 4 : 3] }).ToList();
        await using var writer = new ArrowShardWriter<Doc>(new MemoryStream());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(docs, default).AsTask());
        Assert.Contains("Doc.Embedding: row 2", e.Message);
    }

    [Fact]
    public void Schema_UnsupportedProperty_NamesTypeAndProperty()
    {
        var e = Assert.Throws<NotSupportedException>(() => RecordSchema<BadDoc>.Instance);
        Assert.Contains("BadDoc.Lookup", e.Message);
    }

    [Fact]
    public void FromRecordBatch_MissingColumns_NullableDefaultsNonNullableThrows()
    {
        var batch = RecordSchema<Doc>.Instance.ToRecordBatch(TestDocs.Make(9, 4));
        var wider = RecordSchema<WiderDoc>.Instance;
        var e = Assert.Throws<InvalidDataException>(() => wider.FromRecordBatch(batch));
        Assert.Contains("'extra_count'", e.Message);
        var rows = RecordSchema<InitDoc>.Instance.FromRecordBatch(batch);
        Assert.Equal("d3", rows[3].Id);
        Assert.Null(rows[3].Missing);
    }

    [Fact]
    public async Task Interop_NodeApacheArrow_ReadsRowsAndVectors()
    {
        if (NodeInterop.Ready(nameof(Interop_NodeApacheArrow_ReadsRowsAndVectors)) is not { } dir) return;

        var docs = TestDocs.Make(10, 30).Select((d, i) => d with { Embedding = [i, 0.5f, -1.25f, float.Epsilon] }).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"sluice-interop-{Guid.NewGuid():N}.arrow");
        try
        {
            await File.WriteAllBytesAsync(file, await WriteFileAsync(docs));
            var (code, stdout) = NodeInterop.Run("node", $"read-arrow.mjs \"{file}\" embedding", dir);
            Assert.True(code == 0, stdout);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal(30, json.RootElement.GetProperty("rows").GetInt32());
            Assert.Equal(docs[0].Embedding, json.RootElement.GetProperty("first").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    public sealed record BadDoc(string Id, Dictionary<string, int> Lookup);

    public sealed record WiderDoc(string Id, int ExtraCount);

    public sealed class InitDoc
    {
        public string Id { get; init; } = "";
        public string? Missing { get; init; }
        public double Score { get; set; }
    }
}

/// <summary>A read-only, forward-only view of bytes, like an HTTP body.</summary>
internal sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;
    public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    public override long Length => throw new NotSupportedException();
}
