using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Objects;

/// <summary>The store contract on a local folder, plus what only files have.</summary>
public sealed class FileObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sluice-objects-" + Guid.NewGuid().ToString("N"));
    private readonly FileObjectStore _store;

    public FileObjectStoreTests() => _store = new FileObjectStore(_root);

    protected override IObjectStore Store => _store;

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    public async Task Keys_EscapingRoot_AreRefused(string key)
    {
        Assert.Throws<ArgumentException>(() => _store.PathOf(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key));
    }

    public void Dispose()
    {
        _store.Dispose();
        // The store creates its folder on the first write only.
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
