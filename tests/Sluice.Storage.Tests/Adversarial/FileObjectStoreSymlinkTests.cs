using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Adversarial;

/// <summary>
/// A folder store whose root holds symbolic links to elsewhere: no key through them reads, writes or deletes
/// anything outside the root, and listings do not report what lies behind them.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class FileObjectStoreSymlinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-symlink-").FullName;
    private readonly string _root, _elsewhere, _victim;
    private readonly FileObjectStore _store;

    public FileObjectStoreSymlinkTests()
    {
        _root = Path.Combine(_dir, "root");
        _elsewhere = Path.Combine(_dir, "elsewhere");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_elsewhere);
        _victim = Path.Combine(_elsewhere, "victim.txt");
        File.WriteAllText(_victim, "keep me");
        Directory.CreateSymbolicLink(Path.Combine(_root, "lnk"), _elsewhere);
        File.CreateSymbolicLink(Path.Combine(_root, "file-link.txt"), _victim);
        // A relative link that climbs out, and one that stays inside the root.
        Directory.CreateSymbolicLink(Path.Combine(_root, "up"), "../elsewhere");
        Directory.CreateDirectory(Path.Combine(_root, "inside"));
        File.WriteAllText(Path.Combine(_root, "inside", "own.txt"), "own");
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), "inside");
        _store = new FileObjectStore(_root);
    }

    public static TheoryData<string> Escaping => ["lnk/victim.txt", "file-link.txt", "up/victim.txt", "lnk/new.txt", "lnk/sub/new.txt", "alias/../lnk/victim.txt"];

    [Theory]
    [MemberData(nameof(Escaping))]
    public async Task Keys_ThroughLinksOutOfTheRoot_AreRefusedForEveryOperation(string key)
    {
        Assert.Throws<ArgumentException>(() => _store.PathOf(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, "x"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, "x"u8.ToArray(), ifNoneMatch: true));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenWriteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenRangeAsync(key, 0, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StatAsync(key));

        Assert.Equal("keep me", await File.ReadAllTextAsync(_victim));
        Assert.Equal(["victim.txt"], Directory.GetFileSystemEntries(_elsewhere).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Keys_ThroughLinksThatStayInTheRoot_Work()
    {
        Assert.Equal("own", await ReadAsync("alias/own.txt"));
        await _store.PutAsync("alias/new.txt", "new"u8.ToArray());
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(_root, "inside", "new.txt")));
    }

    [Fact]
    public async Task List_DoesNotReportWhatLiesBehindLinksOutOfTheRoot()
    {
        var keys = new List<string>();
        await foreach (var info in _store.ListAsync("")) keys.Add(info.Key);

        Assert.Equal(["inside/own.txt"], keys);
        await Assert.ThrowsAsync<ArgumentException>(async () => { await foreach (var _ in _store.ListAsync("lnk/")) { } });
    }

    [Fact]
    public async Task Root_ThatIsItselfALink_ServesItsTarget()
    {
        var linkedRoot = Path.Combine(_dir, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, _root);
        using var store = new FileObjectStore(linkedRoot);

        await store.PutAsync("inside/x.txt", "x"u8.ToArray());
        Assert.True(File.Exists(Path.Combine(_root, "inside", "x.txt")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync("lnk/victim.txt"));
        Assert.True(File.Exists(_victim));
    }

    [Fact]
    public void Links_InACycle_AreRefusedNotFollowedForever()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop-a"), Path.Combine(_root, "loop-b"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop-b"), Path.Combine(_root, "loop-a"));

        Assert.Throws<IOException>(() => _store.PathOf("loop-a/x"));
    }

    private async Task<string> ReadAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    public void Dispose()
    {
        _store.Dispose();
        // Links are removed as links: the targets outside are the test's own folders, under the same temp folder.
        Directory.Delete(_dir, recursive: true);
    }
}
