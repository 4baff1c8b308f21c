namespace Sluice.Storage.Formats;

/// <summary>A file format as <see cref="FormatDetector"/> recognises it.</summary>
public enum DataFormat
{
    /// <summary>Nothing recognisable: read as (JSONL) text.</summary>
    Text,
    /// <summary>Parquet: <c>PAR1</c> at the start and the end.</summary>
    Parquet,
    /// <summary>Arrow IPC file format: <c>ARROW1</c> at the start.</summary>
    ArrowFile,
    /// <summary>Arrow IPC stream format: the 0xFFFFFFFF continuation marker at the start.</summary>
    ArrowStream,
    /// <summary>Gzip-compressed data: bytes 1f 8b.</summary>
    Gzip,
    /// <summary>Zstandard-compressed data: bytes 28 b5 2f fd.</summary>
    Zstd,
    /// <summary>bzip2-compressed data: <c>BZh</c>, a block size digit, then a block or end-of-stream marker.</summary>
    Bzip2,
}
