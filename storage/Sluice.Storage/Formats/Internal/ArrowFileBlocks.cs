using System.Buffers.Binary;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Checks a seekable Arrow IPC file's footer before Apache.Arrow reads it: every dictionary and record batch block,
/// and the message at its offset, must lie before the footer. The reader allocates what a block or message
/// declares before reading it, so a damaged footer would otherwise cost up to 2 GiB per batch.
/// </summary>
internal static class ArrowFileBlocks
{
    // The file ends with the footer flatbuffer, its int32 length and the 6-byte magic.
    private const int TrailerBytes = 10;
    // Footer.fbs field slots; a Block struct is offset:long, metaDataLength:int (padded), bodyLength:long.
    private const int FooterDictionaries = 2, FooterRecordBatches = 3, BlockBytes = 24;

    /// <summary>Checks the file that starts at <paramref name="origin"/>. A file too short for a footer is left
    /// to the IPC reader, which reports it. The stream's position is left anywhere.</summary>
    /// <exception cref="InvalidDataException">The footer or a block (named by kind and index) reaches past its
    /// bounds.</exception>
    public static async Task CheckAsync(Stream stream, long origin, CancellationToken ct)
    {
        long fileLength = stream.Length - origin;
        if (fileLength < 8 + TrailerBytes) return;
        var trailer = new byte[TrailerBytes];
        stream.Position = origin + fileLength - TrailerBytes;
        await stream.ReadExactlyAsync(trailer, ct);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        long footerStart = fileLength - TrailerBytes - footerLength;
        if (footerLength <= 0 || footerStart < 8)
            throw new InvalidDataException($"the footer declares {footerLength} bytes; the file holds {fileLength}");
        var footer = new byte[footerLength];
        stream.Position = origin + footerStart;
        await stream.ReadExactlyAsync(footer, ct);
        foreach (var (slot, kind) in new[] { (FooterDictionaries, "dictionary batch"), (FooterRecordBatches, "record batch") })
        {
            var blocks = Blocks(footer, slot, kind);
            for (int i = 0; i < blocks.Count; i++)
                await CheckBlockAsync(stream, origin, footerStart, blocks[i], $"{kind} {i}", ct);
        }
    }

    private static List<(long Offset, int Metadata, long Body)> Blocks(ReadOnlySpan<byte> footer, int slot, string kind)
    {
        var blocks = new List<(long, int, long)>();
        if (Flatbuffer.Root(footer) is not { } table || Flatbuffer.Field(footer, table, slot) is not { } field) return blocks;
        if (Flatbuffer.Target(footer, field) is not { } vector)
            throw new InvalidDataException($"the footer's {kind} list lies outside the footer");
        long count = BinaryPrimitives.ReadUInt32LittleEndian(footer[vector..]);
        if (count * BlockBytes > footer.Length - vector - 4)
            throw new InvalidDataException($"the footer lists {count} {kind} blocks; it has room for {(footer.Length - vector - 4) / BlockBytes}");
        for (int i = 0; i < count; i++)
        {
            var block = footer[(vector + 4 + i * BlockBytes)..];
            blocks.Add((BinaryPrimitives.ReadInt64LittleEndian(block), BinaryPrimitives.ReadInt32LittleEndian(block[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(block[16..])));
        }
        return blocks;
    }

    private static async Task CheckBlockAsync(Stream stream, long origin, long footerStart, (long Offset, int Metadata, long Body) block, string what, CancellationToken ct)
    {
        // Checked one length at a time so that no sum of hostile values can overflow.
        if (block.Offset < 8 || block.Offset > footerStart || block.Metadata < 0 || block.Metadata > footerStart - block.Offset
            || block.Body < 0 || block.Body > footerStart - block.Offset - block.Metadata)
            throw new InvalidDataException(
                $"{what} declares {block.Metadata} bytes of metadata and {block.Body} of body at offset {block.Offset}; the batches end at {footerStart}");
        stream.Position = origin + block.Offset;
        await ArrowMessagePrefix.ReadAsync(stream, footerStart - block.Offset, what, ct);
    }
}
