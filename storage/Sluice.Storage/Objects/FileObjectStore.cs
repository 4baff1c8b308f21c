using System.Runtime.CompilerServices;

namespace Sluice.Storage.Objects;

/// <summary>
/// An object store over a local folder. Writes go to a hidden temporary file renamed into place on
/// completion, so readers never see half an object. Keys that would leave the root are refused.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private readonly string _root;

    /// <summary>Serves <paramref name="rootPath"/>; folders are created on the first write, not before.</summary>
    public FileObjectStore(string rootPath) => _root = Path.GetFullPath(rootPath).TrimEnd('/') + "/";

    /// <inheritdoc />
    public string RootUri => "file://" + _root;

    /// <summary>The absolute local path of a key; throws when the key escapes the root.</summary>
    public string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!full.StartsWith(_root, StringComparison.Ordinal) && full + "/" != _root)
            throw new ArgumentException($"key '{key}' resolves outside the store root {_root}", nameof(key));
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
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.FromResult<ObjectWriteStream>(new FileWriteStream(path));
    }

    /// <inheritdoc />
    public async Task<bool> PutAsync(string key, ReadOnlyMemory<byte> data, bool ifNoneMatch = false, CancellationToken ct = default)
    {
        var path = PathOf(key);
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
        try
        {
            // Move without overwrite links then unlinks on Linux, so it fails atomically when the target exists: the local twin of If-None-Match.
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
        var keys = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
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
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() { }

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
