using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Opens an input for random access, as Parquet footers and Arrow files need: local files directly, remote
/// objects through a temporary local copy that is deleted when the stream is disposed.
/// </summary>
public static class SeekableInput
{
    /// <summary>A seekable stream over <paramref name="file"/>; dispose it to release the local copy.</summary>
    public static async Task<Stream> OpenAsync(InputFile file, CancellationToken ct)
    {
        if (file.Store is FileObjectStore local) return File.OpenRead(local.PathOf(file.Info.Key));
        var path = Path.Combine(Path.GetTempPath(), $"sluice-{Guid.NewGuid():N}{Path.GetExtension(file.Info.Key)}");
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            await using (var remote = await file.Store.OpenReadAsync(file.Info.Key, ct)) await remote.CopyToAsync(copy, ct);
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }
}
