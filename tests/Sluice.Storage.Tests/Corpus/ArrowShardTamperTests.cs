using System.Buffers.Binary;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Tests.Corpus;

public sealed record TextRow(string Text);

/// <summary>A Sluice Arrow shard with one string offset edited is refused before a value is read; no row ever
/// holds bytes from outside the file's buffers.</summary>
[Trait("Category", "Adversarial")]
public sealed class ArrowShardTamperTests
{
    private static readonly string[] s_texts = ["alpha", "beta", "gamma", "delta"];

    private static async Task<byte[]> ShardAsync()
    {
        var output = new MemoryStream();
        await using (var writer = new ArrowShardWriter<TextRow>(output, null))
        {
            await writer.WriteAsync(s_texts.Select(t => new TextRow(t)).ToArray(), default);
            await writer.CompleteAsync();
        }
        return output.ToArray();
    }

    // The offsets buffer of the one string column: five int32 values 0, 5, 9, 14, 19 in a row.
    private static int OffsetsAt(byte[] shard)
    {
        int[] expected = [0, 5, 9, 14, 19];
        for (int i = 0; i + 20 <= shard.Length; i += 4)
            if (expected.Select((v, k) => BinaryPrimitives.ReadInt32LittleEndian(shard.AsSpan(i + 4 * k)) == v).All(x => x)) return i;
        throw new InvalidOperationException("offsets not found in the shard");
    }

    [Theory]
    [InlineData(2, 65_000)]
    [InlineData(4, 1 << 30)]
    [InlineData(2, 1)]
    [InlineData(0, -8)]
    public async Task ReadAsync_EditedStringOffset_InvalidDataAndNoForeignText(int index, int value)
    {
        var shard = await ShardAsync();
        BinaryPrimitives.WriteInt32LittleEndian(shard.AsSpan(OffsetsAt(shard) + 4 * index), value);
        var rows = new List<TextRow>();
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var batch in ArrowFormat.ReadAsync<TextRow>(new MemoryStream(shard))) rows.AddRange(batch);
        });
        Assert.Contains("batch 0", error.Message);
        Assert.All(rows, r => Assert.Contains(r.Text, s_texts));
    }

    [Fact]
    public async Task ReadAsync_UntouchedShard_ReadsEveryRow()
    {
        var rows = new List<TextRow>();
        await foreach (var batch in ArrowFormat.ReadAsync<TextRow>(new MemoryStream(await ShardAsync()))) rows.AddRange(batch);
        Assert.Equal(s_texts, rows.Select(r => r.Text));
    }
}
