using System.Text;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Tests.Objects;

/// <summary>
/// The behaviour every <see cref="IObjectStore"/> must show. Each store's test class derives from this and
/// supplies a fresh, empty store.
/// </summary>
public abstract class ObjectStoreContract
{
    /// <summary>A fresh, empty store for this test.</summary>
    protected abstract IObjectStore Store { get; }

    /// <summary>Keys the paging test writes: more than the store's page size where it has one.</summary>
    protected virtual int ManyKeys => 250;

    /// <summary>Rounds of the If-None-Match race (each round 8 writers on a fresh key). A remote store may want fewer.</summary>
    protected virtual int RaceRounds => 50;

    protected static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Put_SmallObject_ReadsBack()
    {
        var data = Encoding.UTF8.GetBytes("hello, sluice");
        Assert.True(await Store.PutAsync("dir/small.txt", data));
        Assert.Equal(data, await ReadAllAsync(await Store.OpenReadAsync("dir/small.txt")));
    }

    [Fact]
    public async Task OpenWrite_SmallObject_ReadsBack()
    {
        var data = RandomBytes(100_000, 1);
        await using (var w = await Store.OpenWriteAsync("w/small.bin"))
        {
            await w.WriteAsync(data.AsMemory(0, 60_000));
            w.Write(data, 60_000, 40_000);
            Assert.Equal(data.Length, w.BytesWritten);
        }
        Assert.Equal(data, await ReadAllAsync(await Store.OpenReadAsync("w/small.bin")));
    }

    [Fact]
    public async Task OpenWrite_Empty_CreatesEmptyObject()
    {
        await using (await Store.OpenWriteAsync("empty")) { }
        Assert.Equal(0, (await Store.StatAsync("empty"))!.Size);
    }

    [Fact]
    public async Task OpenWrite_SeveralParts_ReadsBack()
    {
        var data = RandomBytes(20 * 1024 * 1024 + 12_345, 2); // 8 MiB parts: two full, one partial
        await using (var w = await Store.OpenWriteAsync("w/large.bin"))
        {
            // Odd chunk sizes cross part boundaries mid-write.
            for (var offset = 0; offset < data.Length; offset += 1_000_003)
                await w.WriteAsync(data.AsMemory(offset, Math.Min(1_000_003, data.Length - offset)));
            await w.CompleteAsync();
        }
        Assert.Equal(data.Length, (await Store.StatAsync("w/large.bin"))!.Size);
        Assert.Equal(data, await ReadAllAsync(await Store.OpenReadAsync("w/large.bin")));
    }

    [Fact]
    public async Task OpenRange_Middle_ReturnsThoseBytes()
    {
        var data = RandomBytes(10_000, 3);
        await Store.PutAsync("r", data);
        Assert.Equal(data[1234..5678], await ReadAllAsync(await Store.OpenRangeAsync("r", 1234, 5678 - 1234)));
    }

    [Fact]
    public async Task OpenRange_PastEnd_ReturnsFewerBytes()
    {
        var data = RandomBytes(1000, 4);
        await Store.PutAsync("r", data);
        Assert.Equal(data[900..], await ReadAllAsync(await Store.OpenRangeAsync("r", 900, 500)));
        Assert.Empty(await ReadAllAsync(await Store.OpenRangeAsync("r", 1000, 10)));
    }

    [Fact]
    public async Task List_WithPrefix_ReturnsMatchingKeysInOrdinalOrder()
    {
        foreach (var key in new[] { "a/2", "a/1", "a/B/x", "ab", "b/1" }) await Store.PutAsync(key, new byte[] { 1 });
        var keys = await Store.ListAsync("a").Select(o => o.Key).ToListAsync();
        Assert.Equal(["a/1", "a/2", "a/B/x", "ab"], keys);
        Assert.Equal(["a/B/x"], await Store.ListAsync("a/B").Select(o => o.Key).ToListAsync());
        Assert.Empty(await Store.ListAsync("zzz").ToListAsync());
    }

    [Fact]
    public async Task List_ManyKeys_ReturnsAllAcrossPages()
    {
        var expected = Enumerable.Range(0, ManyKeys).Select(i => $"many/{i:D5}").ToList();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, ct) => await Store.PutAsync(key, Encoding.UTF8.GetBytes(key), ct: ct));
        var listed = await Store.ListAsync("many/").ToListAsync();
        Assert.Equal(expected, listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(10, o.Size));
    }

    [Fact]
    public async Task Stat_Existing_ReturnsSize()
    {
        await Store.PutAsync("s", new byte[42]);
        var info = await Store.StatAsync("s");
        Assert.NotNull(info);
        Assert.Equal("s", info.Key);
        Assert.Equal(42, info.Size);
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Stat_Missing_ReturnsNull() => Assert.Null(await Store.StatAsync("nope"));

    [Fact]
    public async Task Delete_Existing_RemovesIt()
    {
        await Store.PutAsync("d", new byte[] { 1 });
        await Store.DeleteAsync("d");
        Assert.Null(await Store.StatAsync("d"));
        await Store.DeleteAsync("d"); // a missing key is no error
    }

    [Fact]
    public async Task Delete_KeyUnderMissingFolder_IsNoError() => await Store.DeleteAsync("no-such-folder/deeper/key");

    [Fact]
    public async Task OpenRead_Missing_ThrowsNotFoundNamingKey()
    {
        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync("missing/key.bin"));
        Assert.Contains("missing/key.bin", e.Message);
        Assert.StartsWith(Store.RootUri, e.Uri);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenRangeAsync("missing/key.bin", 0, 10));
    }

    [Fact]
    public async Task Put_IfNoneMatchOnTakenKey_ReturnsFalseAndKeepsContent()
    {
        Assert.True(await Store.PutAsync("commit", "first"u8.ToArray(), ifNoneMatch: true));
        Assert.False(await Store.PutAsync("commit", "second"u8.ToArray(), ifNoneMatch: true));
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync(await Store.OpenReadAsync("commit")));
    }

    [Fact]
    public async Task Put_IfNoneMatchRacingWriters_ExactlyOneWins()
    {
        // Many rounds: a check-then-rename race loses only now and then, so one round would pass by luck.
        for (var round = 0; round < RaceRounds; round++)
        {
            var key = $"race-{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                Task.Run(() => Store.PutAsync(key, Encoding.UTF8.GetBytes($"writer {i}"), ifNoneMatch: true))));
            Assert.Single(results, won => won);
            var winner = Array.IndexOf(results, true);
            Assert.Equal($"writer {winner}", Encoding.UTF8.GetString(await ReadAllAsync(await Store.OpenReadAsync(key))));
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(9 * 1024 * 1024)] // past one part: S3 has a multipart upload to abort
    public async Task OpenWrite_Aborted_LeavesNothing(int length)
    {
        var w = await Store.OpenWriteAsync("aborted");
        await w.WriteAsync(RandomBytes(length, 5));
        w.Abort();
        await w.DisposeAsync();
        Assert.Null(await Store.StatAsync("aborted"));
        Assert.Empty(await Store.ListAsync("").ToListAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => w.WriteAsync(new byte[1]).AsTask());
    }
}
