using System.IO.Compression;
using Sluice.Storage.Formats.Internal;
using Sluice.Storage.Formats.Native;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Sluice.Storage.Formats;

/// <summary>Maps keys to <see cref="Compression"/> and wraps raw streams in the matching (de)compressor.</summary>
public static class CompressionCodec
{
    /// <summary>Zstandard level used by <see cref="OpenWrite"/>: 3, zstd's own default.</summary>
    public const int ZstdLevel = 3;

    /// <summary>
    /// The compression implied by a key's extension: <c>.gz</c> → <see cref="Compression.Gzip"/>,
    /// <c>.zst</c>/<c>.zstd</c> → <see cref="Compression.Zstd"/>, anything else → <see cref="Compression.None"/>.
    /// The comparison ignores case.
    /// </summary>
    public static Compression FromKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return Compression.Gzip;
        if (key.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".zstd", StringComparison.OrdinalIgnoreCase))
            return Compression.Zstd;
        if (key.EndsWith(".bz2", StringComparison.OrdinalIgnoreCase)) return Compression.Bzip2;
        return Compression.None;
    }

    /// <summary>
    /// A stream of the decompressed bytes of <paramref name="raw"/>. The wrapper owns <paramref name="raw"/>:
    /// disposing it disposes the raw stream. For <see cref="Compression.None"/> the raw stream itself is returned.
    /// Nothing damaged reads as complete: every gzip member must end with its final block and a trailer whose CRC-32
    /// and length match (concatenated members are all read), only gzip members may follow one another, and a zstd
    /// frame must be whole, with its content checksum matching when it has one. Damage surfaces from the read calls
    /// as <see cref="InvalidDataException"/> naming the member and compressed offset (gzip), or as
    /// <see cref="ZstdException"/>/<see cref="EndOfStreamException"/> (zstd). bzip2 (<see cref="VerifiedBzip2Stream"/>)
    /// checks every block's and stream's CRC and refuses a stream cut short. Zero raw bytes read as empty.
    /// Gzip is inflated by ISA-L (<see cref="IsalGzipReadStream"/>) when <see cref="NativeKernels.UseIsalGzip"/>,
    /// with the same checks and messages, otherwise by System.IO.Compression.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> is not a defined value.</exception>
    public static Stream OpenRead(Stream raw, Compression c)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return c switch
        {
            Compression.None => raw,
            Compression.Gzip => NativeKernels.UseIsalGzip ? new IsalGzipReadStream(raw) : new VerifiedGzipStream(raw),
            Compression.Zstd => new DecompressionStream(raw, bufferSize: 1 << 17, checkEndOfStream: true, leaveOpen: false),
            Compression.Bzip2 => new VerifiedBzip2Stream(raw),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c, "unknown compression"),
        };
    }

    /// <summary>
    /// A stream that compresses into <paramref name="raw"/>: gzip at <see cref="CompressionLevel.Fastest"/>,
    /// zstd at <see cref="ZstdLevel"/> with a content checksum in every frame (so readers can verify it). Disposing
    /// the wrapper writes the compressor's footer and disposes <paramref name="raw"/>. For
    /// <see cref="Compression.None"/> the raw stream itself is returned. Gzip is written by ISA-L at its level 1
    /// (<see cref="IsalGzipWriteStream"/>) when <see cref="NativeKernels.UseIsalGzip"/>: valid gzip for any reader,
    /// but not the same bytes System.IO.Compression writes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> is not a defined value.</exception>
    public static Stream OpenWrite(Stream raw, Compression c)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return c switch
        {
            Compression.None => raw,
            Compression.Gzip => NativeKernels.UseIsalGzip ? new IsalGzipWriteStream(raw) : new GZipStream(raw, CompressionLevel.Fastest, leaveOpen: false),
            Compression.Zstd => ZstdWithChecksum(new CompressionStream(raw, ZstdLevel, bufferSize: 1 << 17, leaveOpen: false)),
            Compression.Bzip2 => throw new NotSupportedException("Sluice reads bzip2 but does not write it: write gzip or zstd"),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c, "unknown compression"),
        };
    }

    private static CompressionStream ZstdWithChecksum(CompressionStream zstd)
    {
        zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return zstd;
    }
}
