using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Objects;

/// <summary>A write that fails or is cancelled part-way leaves nothing in the folder: no object, no temporary file.</summary>
public sealed class FileObjectStoreCleanupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sluice-objects-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task CompleteAsync_Cancelled_LeavesNoFile()
    {
        using var store = new FileObjectStore(_root);
        await using (var stream = await store.OpenWriteAsync("checkpoints/u000001.json"))
        {
            await stream.WriteAsync(new byte[4096]);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.CompleteAsync(new CancellationToken(canceled: true)));
        }
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
