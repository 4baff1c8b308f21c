using Sluice.Operators.Embedding;
using Sluice.Operators.Search;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Tests.Search;

public class PassageIndexTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sluice-passage-index-{Guid.NewGuid():N}");

    public PassageIndexTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task LoadAsync_TwoShards_OneContiguousMatrixInShardOrder()
    {
        await WriteShardAsync("part-0.arrow", 0, 3, 4);
        await WriteShardAsync("part-1.arrow", 3, 2, 4);
        var index = await PassageIndex.LoadAsync(_dir);
        Assert.Equal(5, index.Count);
        Assert.Equal(4, index.Dimension);
        Assert.Equal(["d0#0", "d1#0", "d2#0", "d3#0", "d4#0"], index.Ids);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), index.Vectors.ToArray());
        Assert.Equal("text 4", index.Texts![4]);
    }

    [Fact]
    public async Task LoadAsync_ShardWithOtherDimension_ThrowsNamingTheShard()
    {
        await WriteShardAsync("part-0.arrow", 0, 3, 4);
        await WriteShardAsync("part-1.arrow", 3, 2, 5);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => PassageIndex.LoadAsync(_dir));
        Assert.Contains("part-1.arrow", e.Message);
        Assert.Contains("5 dimensions", e.Message);
    }

    [Fact]
    public async Task LoadAsync_WithoutTexts_KeepsNoTexts()
    {
        await WriteShardAsync("part-0.arrow", 0, 3, 4);
        var index = await PassageIndex.LoadAsync(_dir, new PassageIndexOptions { IncludeTexts = false });
        Assert.Null(index.Texts);
        Assert.Equal(3, index.Count);
    }

    private async Task WriteShardAsync(string name, int first, int rows, int d)
    {
        await using var writer = new ArrowShardWriter<EmbeddedPassage>(File.Create(Path.Combine(_dir, name)));
        var records = Enumerable.Range(first, rows)
            .Select(r => new EmbeddedPassage($"d{r}#0", $"d{r}", 0, null, $"text {r}", 0, 0, Enumerable.Range(r * d, d).Select(x => (float)x).ToArray()))
            .ToArray();
        await writer.WriteAsync(records, default);
    }
}
