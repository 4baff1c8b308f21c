using FsCheck.Xunit;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Formats;

public sealed class ParquetFormatTests
{
    private static async Task<byte[]> WriteAsync(IReadOnlyList<Doc> docs, long rowGroupBytes = 64 << 20)
    {
        var output = new NonSeekableSink();
        await using var writer = new ParquetShardWriter<Doc>(output, rowGroupBytes, new Dictionary<string, string> { ["k"] = "v" });
        foreach (var part in docs.Chunk(11)) await writer.WriteAsync(part);
        await writer.CompleteAsync();
        Assert.Equal(docs.Count, writer.RecordsWritten);
        return output.ToArray();
    }

    [Theory, MemberData(nameof(FixedSeeds.All), MemberType = typeof(FixedSeeds))]
    public void RoundTrip_FixedSeeds_ReturnsSameRecords(int seed)
    {
        RoundTrip_ReturnsSameRecords(seed, smallGroups: true);
        RoundTrip_ReturnsSameRecords(seed, smallGroups: false);
    }

    [Property(MaxTest = 30)]
    public void RoundTrip_ReturnsSameRecords(int seed, bool smallGroups)
    {
        var docs = TestDocs.Make(seed);
        var bytes = WriteAsync(docs, smallGroups ? 300 : 64 << 20).GetAwaiter().GetResult();
        var rows = new List<Doc>();
        var groups = 0;
        var read = ParquetFormat.ReadAsync<Doc>(new MemoryStream(bytes)).GetAsyncEnumerator();
        while (read.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            rows.AddRange(read.Current);
            groups++;
        }
        TestDocs.Equal(docs, rows);
        if (!smallGroups) Assert.True(groups <= 1);
    }

    [Fact]
    public async Task InspectAsync_RowGroupsFollowByteBudget()
    {
        var docs = TestDocs.Make(4, 200);
        var bytes = await WriteAsync(docs, rowGroupBytes: 2_000);
        var info = await ParquetFormat.InspectAsync(new MemoryStream(bytes));
        Assert.True(info.RowGroupCount > 1, $"{info.RowGroupCount} row groups");
        Assert.Equal(200, info.RowCount);
        Assert.Equal("v", info.Metadata["k"]);
        Assert.Contains(info.Columns, c => c.StartsWith("embedding", StringComparison.Ordinal));
        var second = new List<Doc>();
        await foreach (var group in ParquetFormat.ReadAsync<Doc>(new MemoryStream(bytes), 1, 1)) second.AddRange(group);
        TestDocs.Equal(docs.Skip((int)info.RowGroupRows[0]).Take((int)info.RowGroupRows[1]).ToList(), second);
    }

    [Fact]
    public async Task Read_TruncatedFile_ThrowsInvalidData()
    {
        var bytes = await WriteAsync(TestDocs.Make(5, 100));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetFormat.InspectAsync(new MemoryStream(bytes, 0, bytes.Length - 10)));
        Assert.Contains("not a Parquet file, or truncated", e.Message);
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in ParquetFormat.ReadAsync<Doc>(new MemoryStream(bytes, 0, bytes.Length / 2))) { }
        });
    }

    /// <summary>A write-only sink like an object store upload: no seeking, bytes kept for the test.</summary>
    private sealed class NonSeekableSink : MemoryStream
    {
        public override bool CanSeek => false;
        public override bool CanRead => false;
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
