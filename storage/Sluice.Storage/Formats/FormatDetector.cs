namespace Sluice.Storage.Formats;

/// <summary>
/// Tells a file's format from its first and last bytes; the name's extension only decides when the content says
/// nothing (an empty file, plain text, or an Arrow stream written before the continuation marker existed).
/// </summary>
public static class FormatDetector
{
    /// <summary>Bytes of the start that <see cref="Detect"/> looks at.</summary>
    public const int HeadBytes = 16;

    /// <summary>Bytes of the end that <see cref="Detect"/> looks at.</summary>
    public const int TailBytes = 4;

    /// <summary>The format of a file whose first bytes are <paramref name="head"/> and last bytes are
    /// <paramref name="tail"/> (either may be shorter than asked for, or empty).</summary>
    /// <param name="head">Up to <see cref="HeadBytes"/> bytes from the start.</param>
    /// <param name="tail">Up to <see cref="TailBytes"/> bytes from the end; Parquet needs them.</param>
    /// <param name="nameHint">The file name, used only when the content is not recognised; may be null.</param>
    public static DataFormat Detect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, string? nameHint)
    {
        if (head.StartsWith("PAR1"u8) && tail.EndsWith("PAR1"u8) && tail.Length >= 4) return DataFormat.Parquet;
        if (head.StartsWith("ARROW1"u8)) return DataFormat.ArrowFile;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFF, 0xFF, 0xFF])) return DataFormat.ArrowStream;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return DataFormat.Gzip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD])) return DataFormat.Zstd;
        // "BZh1".."BZh9", then the block magic (pi) or, for an empty stream, the end magic (sqrt pi).
        if (head.Length >= 10 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9'
            && (head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])))
            return DataFormat.Bzip2;
        var name = nameHint ?? "";
        if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && head.IsEmpty) return DataFormat.Parquet;
        if (name.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".feather", StringComparison.OrdinalIgnoreCase))
            return DataFormat.ArrowFile;
        if (name.EndsWith(".arrows", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".stream", StringComparison.OrdinalIgnoreCase))
            return DataFormat.ArrowStream;
        return DataFormat.Text;
    }

    /// <summary>Detects the format of a seekable stream, leaving its position where it was.</summary>
    /// <param name="seekable">The file; must be seekable.</param>
    /// <param name="nameHint">The file name, used only when the content is not recognised; may be null.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="ArgumentException">The stream is not seekable.</exception>
    public static async Task<DataFormat> DetectAsync(Stream seekable, string? nameHint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        if (!seekable.CanSeek) throw new ArgumentException("format detection needs a seekable stream", nameof(seekable));
        long saved = seekable.Position;
        try
        {
            var head = new byte[HeadBytes];
            seekable.Position = 0;
            int h = await seekable.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            var tail = new byte[TailBytes];
            int t = 0;
            if (seekable.Length >= HeadBytes + TailBytes)
            {
                seekable.Position = seekable.Length - TailBytes;
                t = await seekable.ReadAtLeastAsync(tail, tail.Length, throwOnEndOfStream: false, ct);
            }
            return Detect(head.AsSpan(0, h), tail.AsSpan(0, t), nameHint);
        }
        finally
        {
            seekable.Position = saved;
        }
    }
}
