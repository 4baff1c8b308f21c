using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>One input object found by <see cref="InputResolver"/>.</summary>
/// <param name="Store">The store that serves it.</param>
/// <param name="Info">Key (relative to the store), size and fingerprint, as found when the run was planned.</param>
public sealed record InputFile(IObjectStore Store, ObjectInfo Info)
{
    /// <summary>The object's full URI.</summary>
    public string Uri => ObjectStores.Join(Store.RootUri, Info.Key);

    /// <summary>
    /// Opens the object as it was planned: <paramref name="length"/> bytes from <paramref name="offset"/>, never a
    /// byte past <see cref="ObjectInfo.Size"/> of <see cref="Info"/>, so bytes appended during a run are never read.
    /// </summary>
    /// <param name="offset">First byte. Default 0.</param>
    /// <param name="length">Most bytes to read. Default: to the planned end.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="InvalidDataException">The object has an ETag that changed since it was planned (it was
    /// replaced), or, from the read calls, it ends before the planned bytes; the message names the object.</exception>
    public async Task<Stream> OpenPlannedAsync(long offset = 0, long length = long.MaxValue, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (Info.ETag is not null && await Store.StatAsync(Info.Key, ct) is var now && now?.ETag != Info.ETag)
            throw new InvalidDataException($"{Uri} was replaced during the run (ETag {Info.ETag} when planned, now {now?.ETag ?? "gone"})");
        var take = Math.Max(0, Math.Min(length, Info.Size - offset));
        return new PlannedBytesStream(await Store.OpenRangeAsync(Info.Key, offset, take, ct), Uri, offset, take);
    }
}
