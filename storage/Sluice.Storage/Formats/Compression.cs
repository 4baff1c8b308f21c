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

    /// <summary>bzip2 streams (read only: CRAG and older dumps ship <c>.jsonl.bz2</c>); concatenated streams are read whole.</summary>
    Bzip2,
}
