using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Opens an input for random access, as Parquet footers and Arrow files need: local files directly, remote
/// objects through a temporary local copy that is deleted when the stream is disposed. Either way the stream holds
/// exactly the bytes the file had when planned (<see cref="InputFile.OpenPlannedAsync"/>).
/// </summary>
public static class SeekableInput
{
    /// <summary>A seekable stream over <paramref name="file"/>; dispose it to release the local copy.</summary>
    /// <exception cref="InvalidDataException">The file is shorter than planned, or was replaced; the message names it.</exception>
    public static async Task<Stream> OpenAsync(InputFile file, CancellationToken ct)
    {
        if (file.Store is FileObjectStore local)
        {
            var stream = File.OpenRead(local.PathOf(file.Info.Key));
            var size = stream.Length;
            if (size >= file.Info.Size) return new PlannedBytesStream(stream, file.Uri, 0, file.Info.Size);
            await stream.DisposeAsync();
            throw new InvalidDataException($"{file.Uri} is {size} bytes, fewer than the {file.Info.Size} it had when the run was planned: it changed during the run");
        }
        var path = Path.Combine(Path.GetTempPath(), $"sluice-{Guid.NewGuid():N}{Path.GetExtension(file.Info.Key)}");
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            await using (var remote = await file.OpenPlannedAsync(ct: ct)) await remote.CopyToAsync(copy, ct);
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
