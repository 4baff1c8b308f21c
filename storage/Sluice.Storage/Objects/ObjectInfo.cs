namespace Sluice.Storage.Objects;

/// <summary>What a store knows of one object without reading it.</summary>
/// <param name="Key">Key relative to the store's root.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ETag">Entity tag without quotes (S3), or null for local files.</param>
/// <param name="LastModified">Last modification time.</param>
public sealed record ObjectInfo(string Key, long Size, string? ETag, DateTimeOffset LastModified)
{
    /// <summary>A short fingerprint that changes when the object changes: the ETag, else size and mtime.</summary>
    public string Fingerprint => ETag ?? $"{Size}@{LastModified.ToUnixTimeMilliseconds()}";
}
