using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Adversarial;

/// <summary>
/// A store opened for input reads and lists through links that leave its root (a Hugging Face snapshot's files are
/// links into its blob folder) yet never writes or deletes through them.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class InputStoreSymlinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-input-links-").FullName;
    private readonly string _snapshot, _blob;

    public InputStoreSymlinkTests()
    {
        var blobs = Directory.CreateDirectory(Path.Combine(_dir, "blobs")).FullName;
        _blob = Path.Combine(blobs, "3f2a");
        File.WriteAllText(_blob, "{\"id\":\"a\"}\n");
        File.WriteAllText(Path.Combine(blobs, "9c1d"), "{\"id\":\"b\"}\n");
        _snapshot = Directory.CreateDirectory(Path.Combine(_dir, "snapshots", "rev1")).FullName;
        Directory.CreateDirectory(Path.Combine(_snapshot, "data"));
        File.CreateSymbolicLink(Path.Combine(_snapshot, "data", "train-0.jsonl"), "../../../blobs/3f2a");
        // A linked folder, and a cycle that must not be followed forever.
        Directory.CreateSymbolicLink(Path.Combine(_snapshot, "more"), blobs);
        Directory.CreateSymbolicLink(Path.Combine(_snapshot, "data", "loop"), Path.Combine(_snapshot, "data"));
    }

    [Fact]
    public async Task OpenInput_LinksOutOfTheRoot_AreReadAndListed()
    {
        using var store = ObjectStores.OpenInput(_snapshot);
        var keys = new List<string>();
        await foreach (var info in store.ListAsync("")) keys.Add(info.Key);

        Assert.Equal(["data/train-0.jsonl", "more/3f2a", "more/9c1d"], keys);
        await using var stream = await store.OpenReadAsync("data/train-0.jsonl");
        Assert.Equal("{\"id\":\"a\"}\n", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(11, (await store.StatAsync("more/9c1d"))!.Size);
    }

    [Fact]
    public async Task OpenInput_WritesAndDeletesThroughLinks_AreRefused()
    {
        using var store = ObjectStores.OpenInput(_snapshot);
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync("data/train-0.jsonl"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("more/new", "x"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenWriteAsync("more/3f2a"));
        Assert.Equal("{\"id\":\"a\"}\n", await File.ReadAllTextAsync(_blob));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "blobs")).Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
