using System.Runtime.CompilerServices;

namespace Sluice.Storage.Objects;

/// <summary>
/// An object store over a local folder. Writes go to a hidden temporary file renamed into place on
/// completion, so readers never see half an object. Keys that would leave the root are refused, by name
/// (<c>..</c>, absolute paths) or through a symbolic link: every key is resolved to its physical location before
/// anything is read, written or deleted. Listings do not descend into linked folders and leave out linked files
/// that resolve outside the root. A store opened for input only (<see cref="ObjectStores.OpenInput"/>) reads and
/// lists through links wherever they lead — input folders are often links into a cache (a Hugging Face snapshot's
/// files are links to its blobs) — while writes and deletes stay confined all the same.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private readonly string _root;
    private readonly bool _readThroughLinks;

    /// <summary>Serves <paramref name="rootPath"/>; folders are created on the first write, not before.</summary>
    /// <param name="rootPath">The folder.</param>
    /// <param name="readThroughLinks">Read and list through symbolic links that lead out of the root (an input
    /// folder); writes and deletes are confined either way. Default false.</param>
    public FileObjectStore(string rootPath, bool readThroughLinks = false)
    {
        _root = Path.GetFullPath(rootPath).TrimEnd('/') + "/";
        _readThroughLinks = readThroughLinks;
    }

    /// <inheritdoc />
    public string RootUri => "file://" + _root;

    /// <summary>The absolute local path of a key.</summary>
    /// <exception cref="ArgumentException">The key leaves the root, by its name or through a symbolic link.</exception>
    public string PathOf(string key) => _readThroughLinks ? NamedPathOf(key) : ConfinedPathOf(key);

    // The key's path, refused when its name leaves the root ("..", absolute paths).
    private string NamedPathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!RealPath.IsUnder(full, _root.TrimEnd('/')))
            throw new ArgumentException($"key '{key}' resolves outside the store root {_root}", nameof(key));
        return full;
    }

    // A link inside the root may point anywhere: compare physical locations, so that a key through a linked folder
    // never reaches (or deletes) a file elsewhere.
    private string ConfinedPathOf(string key)
    {
        var full = NamedPathOf(key);
        if (!RealPath.IsUnder(RealPath.Of(full), RealRoot()))
            throw new ArgumentException($"key '{key}' resolves outside the store root {_root} through a symbolic link", nameof(key));
        return full;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException("file://" + path, e);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenRangeAsync(string key, long offset, long length, CancellationToken ct = default)
    {
        var stream = await OpenReadAsync(key, ct);
        stream.Seek(offset, SeekOrigin.Begin);
        return new RangeStream(stream, Math.Max(0, Math.Min(length, stream.Length - offset)));
    }

    /// <inheritdoc />
    public Task<ObjectWriteStream> OpenWriteAsync(string key, CancellationToken ct = default)
    {
        var path = ConfinedPathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.FromResult<ObjectWriteStream>(new FileWriteStream(path));
    }

    /// <inheritdoc />
    public async Task<bool> PutAsync(string key, ReadOnlyMemory<byte> data, bool ifNoneMatch = false, CancellationToken ct = default)
    {
        var path = ConfinedPathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = TempPathFor(path);
        try
        {
            await File.WriteAllBytesAsync(tmp, data.ToArray(), ct);
        }
        catch
        {
            // A write cancelled or failed part-way leaves no temporary file behind in the caller's folder.
            File.Delete(tmp);
            throw;
        }
        if (!ifNoneMatch)
        {
            File.Move(tmp, path, overwrite: true);
            return true;
        }
        // link(2) fails atomically when the target exists (the local twin of If-None-Match); the temporary name goes
        // either way. Elsewhere than Unix, Move without overwrite is the closest the platform offers.
        if (!OperatingSystem.IsWindows())
        {
            try { return HardLink.TryCreate(tmp, path); }
            finally { File.Delete(tmp); }
        }
        try
        {
            File.Move(tmp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(tmp);
            return false;
        }
    }

    /// <inheritdoc />
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new ObjectInfo(key, info.Length, null, info.LastWriteTimeUtc) : null);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var dir = prefix.Contains('/') ? PathOf(prefix[..prefix.LastIndexOf('/')]) : _root;
        if (!Directory.Exists(dir)) yield break;
        var keys = (_readThroughLinks ? FilesThroughLinks(dir) : FilesUnder(dir, RealRoot()))
            .Select(p => p[_root.Length..])
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !IsTemp(k))
            .OrderBy(k => k, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ct.ThrowIfCancellationRequested();
            var info = new FileInfo(_root + key);
            if (info.Exists) yield return new ObjectInfo(key, info.Length, null, info.LastWriteTimeUtc);
        }
        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        // File.Delete ignores a missing file but not a missing folder; both are a missing key.
        try
        {
            File.Delete(ConfinedPathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() { }

    /// <summary>The root's physical location; resolved on each use, since the root may be created or replaced later.</summary>
    private string RealRoot() => RealPath.Of(_root);

    /// <summary>The files below <paramref name="dir"/>, not through linked folders, and linked files only when they stay in the root.</summary>
    private static IEnumerable<string> FilesUnder(string dir, string realRoot)
    {
        var pending = new Stack<string>([dir]);
        while (pending.TryPop(out var folder))
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    if (entry is FileInfo && RealPath.IsUnder(RealPath.Of(entry.FullName), realRoot)) yield return entry.FullName;
                }
                else if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else yield return entry.FullName;
            }
    }

    /// <summary>The files below <paramref name="dir"/>, linked folders and files included; a folder reached twice
    /// (a cycle of links) is listed once.</summary>
    private static IEnumerable<string> FilesThroughLinks(string dir)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([dir]);
        while (pending.TryPop(out var folder))
        {
            string real;
            try { real = RealPath.Of(folder); }
            catch (IOException) { continue; } // a cycle of links: nothing to list behind it
            if (!seen.Add(real)) continue;
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo || (entry.Attributes.HasFlag(FileAttributes.ReparsePoint) && Directory.Exists(entry.FullName)))
                    pending.Push(entry.FullName);
                else if (File.Exists(entry.FullName)) yield return entry.FullName;
            }
        }
    }

    private static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static bool IsTemp(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
    }

    private sealed class FileWriteStream(string path) : ObjectWriteStream
    {
        private readonly string _tmp = TempPathFor(path);
        private FileStream? _file;
        private bool _done;

        private FileStream File => _file ??= new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_done) throw new ObjectDisposedException(nameof(FileWriteStream));
            File.Write(buffer);
            BytesWritten += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            if (_done) throw new ObjectDisposedException(nameof(FileWriteStream));
            await File.WriteAsync(buffer, ct);
            BytesWritten += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async Task CompleteAsync(CancellationToken ct = default)
        {
            if (_done) return;
            _done = true;
            try
            {
                await File.FlushAsync(ct);
                await File.DisposeAsync();
                System.IO.File.Move(_tmp, path, overwrite: true);
            }
            catch
            {
                // Abort does nothing once done, so a failed completion cleans up here.
                _file?.Dispose();
                System.IO.File.Delete(_tmp);
                throw;
            }
        }

        public override void Abort()
        {
            if (_done) return;
            _done = true;
            _file?.Dispose();
            System.IO.File.Delete(_tmp);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done) CompleteAsync().GetAwaiter().GetResult();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_done) await CompleteAsync();
            await base.DisposeAsync();
        }
    }
}
