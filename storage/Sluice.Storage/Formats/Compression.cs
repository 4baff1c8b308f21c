namespace Sluice.Storage.Formats;

/// <summary>The byte-level compression of a shard, usually chosen from the object key's extension.</summary>
public enum Compression
{
    /// <summary>Plain bytes.</summary>
    None,

    /// <summary>Gzip (RFC 1952); multi-member files are read whole.</summary>
    Gzip,

    /// <summary>Zstandard frames.</summary>
    Zstd,
}
