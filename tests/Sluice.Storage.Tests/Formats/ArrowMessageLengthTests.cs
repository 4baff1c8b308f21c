using System.Buffers.Binary;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Tests.Formats;

/// <summary>A message declaring more bytes than the input can hold is refused before Apache.Arrow allocates for
/// it; the corpus tests (Corpus/ArrowCorpusTests) cover damaged file footers and bodies.</summary>
public sealed class ArrowMessageLengthTests
{
    // A stream-format message prefix: the continuation marker, then a metadata length of int.MaxValue.
    private static byte[] HugeMetadataPrefix()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), int.MaxValue);
        return bytes;
    }

    [Fact]
    public async Task ReadBatchesAsync_SeekableMetadataPastEnd_RefusedWithoutAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MemoryStream(HugeMetadataPrefix())));
        Assert.Contains($"declares {int.MaxValue} bytes of metadata; at most 8 fit", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public async Task ReadBatchesAsync_UnknownLengthMetadataOverCap_RefusedWithoutAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new NonSeekable(HugeMetadataPrefix())));
        Assert.Contains($"declares {int.MaxValue} bytes of metadata; at most {ArrowFormat.MaxMessageBytesOfUnknownLength - 8} fit", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    private static async Task ReadAllAsync(Stream stream)
    {
        await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream)) batch.Dispose();
    }
}
