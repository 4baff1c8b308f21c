using Sluice.Operators.Embedding;
using Sluice.Operators.Search;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Tests.Search;

public class ShardedSearchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sluice-sharded-search-{Guid.NewGuid():N}");

    public ShardedSearchTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<int, int> Dimensions => new() { { 8, 1 }, { 40, 3 }, { 384, 2 } };

    [Theory]
    [MemberData(nameof(Dimensions))]
    public async Task SearchAsync_ShardsWithTiedScores_EqualsPassageIndexSearch(int d, int degree)
    {
        // Components in {-1, 0, 1} make every score a small integer: most rows tie with many others.
        var rng = new Random(17 + d);
        var store = await WriteStoreAsync(rng, [23, 5, 40, 1, 31], d, docs: 9, component: r => r.Next(-1, 2));
        var queries = RandomMatrix(rng, 13, d, r => r.Next(-1, 2));
        var index = await PassageIndex.LoadAsync(_dir);
        var sharded = await ShardedSearch.OpenAsync(_dir);
        Assert.Equal(5, sharded.Shards);

        foreach (var k in new[] { 1, 7, 100, 200 })
        {
            var expected = index.Search(queries, k);
            var actual = await sharded.SearchAsync(queries, d, k, new ShardedSearchOptions { MaxDegreeOfParallelism = degree, VectorBlockBytes = 3 * d * sizeof(float), QueryBlock = 5 });
            Assert.Equal(expected.Count, actual.Count);
            for (int q = 0; q < expected.Count; q++) Assert.Equal(expected[q], actual[q]);
        }
        Assert.Equal(store.Count, index.Count);
    }

    [Theory]
    [InlineData(1, 10, 1)]
    [InlineData(2, 10, 2)]
    [InlineData(3, 10, 4)]
    [InlineData(3, 50, 3)]
    [InlineData(5, 4, 1)]
    public async Task SearchAsync_MaxPerDocument_EqualsBruteForce(int cap, int k, int degree)
    {
        var rng = new Random(1000 * cap + k);
        int d = 24;
        // Few documents, each with passages in several shards, so caps bind and late passages displace early ones.
        var store = await WriteStoreAsync(rng, [60, 17, 45, 80], d, docs: 12, component: r => (float)(r.NextDouble() * 2 - 1));
        var queries = RandomMatrix(rng, 21, d, r => (float)(r.NextDouble() * 2 - 1));
        var sharded = await ShardedSearch.OpenAsync(_dir);

        var actual = await sharded.SearchAsync(queries, d, k, new ShardedSearchOptions { MaxPerDocument = cap, MaxDegreeOfParallelism = degree, VectorBlockBytes = 256 });

        for (int q = 0; q < 21; q++)
        {
            var expected = BruteForce(store, queries.AsSpan(q * d, d).ToArray(), k, cap);
            Assert.Equal(expected.Select(h => (h.Row, h.PassageId, h.Score)), actual[q].Select(h => (h.Row, h.PassageId, h.Score)));
            Assert.All(actual[q].GroupBy(h => h.DocId), g => Assert.True(g.Count() <= cap));
        }
    }

    [Fact]
    public async Task SearchAsync_LaterBetterPassageOfACappedDocument_DisplacesItsWorst()
    {
        // Doc a fills the cap early; its third passage, in a later shard, beats its second; doc b's passage must
        // then come back into the top 3 behind the two best of a.
        var rows = new (string Doc, float Score)[] { ("a", 0.9f), ("a", 0.8f), ("b", 0.5f), ("c", 0.1f) };
        await WriteShardAsync("part-0.arrow", 0, rows[..2], 1);
        await WriteShardAsync("part-1.arrow", 2, [("b", 0.5f), ("a", 0.85f), ("c", 0.1f)], 1);
        var sharded = await ShardedSearch.OpenAsync(_dir);
        var hits = (await sharded.SearchAsync(new float[] { 1 }, 1, 3, new ShardedSearchOptions { MaxPerDocument = 2 }))[0];
        Assert.Equal(["p0", "p3", "p2"], hits.Select(h => h.PassageId));
        Assert.Equal([0.9f, 0.85f, 0.5f], hits.Select(h => h.Score));
    }

    [Fact]
    public async Task SearchAsync_IncludeTexts_ReturnsEachHitsText()
    {
        var rng = new Random(5);
        await WriteStoreAsync(rng, [10, 10], 16, docs: 4, component: r => (float)r.NextDouble());
        var sharded = await ShardedSearch.OpenAsync(_dir);
        var hits = (await sharded.SearchAsync(RandomMatrix(rng, 1, 16, r => (float)r.NextDouble()), 16, 5, new ShardedSearchOptions { IncludeTexts = true }))[0];
        Assert.All(hits, h => Assert.Equal($"text {h.Row}", h.Text));
    }

    [Fact]
    public async Task SearchAsync_ShardWithOtherDimension_ThrowsNamingTheShard()
    {
        var rng = new Random(3);
        await WriteStoreAsync(rng, [4], 8, docs: 2, component: r => 1f);
        var sharded = await ShardedSearch.OpenAsync(_dir);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => sharded.SearchAsync(new float[6], 6, 3));
        Assert.Contains("part-0000.arrow", e.Message);
        Assert.Contains("8 dimensions", e.Message);
    }

    [Fact]
    public async Task Float16Shards_LoadAndStreamLikeTheirFloat32Values()
    {
        var rng = new Random(11);
        var passages = Enumerable.Range(0, 50)
            .Select(r => new EmbeddedPassage($"d{r % 7}#{r}", $"d{r % 7}", r, null, $"text {r}", 0, 0,
                Enumerable.Range(0, 20).Select(_ => (float)(Half)(float)(rng.NextDouble() * 2 - 1)).ToArray()))
            .ToArray();
        await using (var writer = new ArrowShardWriter<HalfEmbeddedPassage>(File.Create(Path.Combine(_dir, "part-0.arrow"))))
        {
            await writer.WriteAsync(passages[..30].Select(HalfEmbeddedPassage.From).ToArray(), default);
            await writer.WriteAsync(passages[30..].Select(HalfEmbeddedPassage.From).ToArray(), default);
        }
        var index = await PassageIndex.LoadAsync(_dir);
        // The values were float16 already, so widening gives them back exactly.
        Assert.Equal(passages.SelectMany(p => p.Embedding), index.Vectors.ToArray());
        var queries = RandomMatrix(rng, 4, 20, r => (float)r.NextDouble());
        var expected = index.Search(queries, 9);
        var actual = await (await ShardedSearch.OpenAsync(_dir)).SearchAsync(queries, 20, 9);
        for (int q = 0; q < 4; q++) Assert.Equal(expected[q], actual[q]);
    }

    [Fact]
    public void HalfConversion_EveryFloat16_EqualsTheScalarCast()
    {
        var all = Enumerable.Range(0, 1 << 16).Select(i => BitConverter.UInt16BitsToHalf((ushort)i)).ToArray();
        var widened = new float[all.Length];
        HalfConversion.ToSingle(all, widened);
        for (int i = 0; i < all.Length; i++)
        {
            float expected = (float)all[i];
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(widened[i]), $"0x{i:x4}");
            else Assert.True(BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(widened[i]), $"0x{i:x4}: {expected} vs {widened[i]}");
        }
    }

    private static List<SearchHit> BruteForce(IReadOnlyList<EmbeddedPassage> store, float[] query, int k, int cap)
    {
        var ranked = store.Select((p, row) => (Row: row, p.Id, p.DocId, Score: DotKernel.Dot(query, p.Embedding, query.Length)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Row);
        var taken = new Dictionary<string, int>();
        var hits = new List<SearchHit>();
        foreach (var x in ranked)
        {
            if (hits.Count == k) break;
            int n = taken.GetValueOrDefault(x.DocId);
            if (n >= cap) continue;
            taken[x.DocId] = n + 1;
            hits.Add(new SearchHit(x.Row, x.Id, x.DocId, x.Score));
        }
        return hits;
    }

    private static float[] RandomMatrix(Random rng, int rows, int d, Func<Random, float> component) =>
        Enumerable.Range(0, rows * d).Select(_ => component(rng)).ToArray();

    // Shards part-0000.arrow, ... with the given row counts, each written as several record batches of 7 rows.
    private async Task<List<EmbeddedPassage>> WriteStoreAsync(Random rng, int[] shardRows, int d, int docs, Func<Random, float> component)
    {
        var all = new List<EmbeddedPassage>();
        for (int s = 0; s < shardRows.Length; s++)
        {
            var rows = Enumerable.Range(all.Count, shardRows[s]).Select(r =>
            {
                var doc = $"doc{rng.Next(docs)}";
                return new EmbeddedPassage($"{doc}#{r}", doc, r, null, $"text {r}", 0, 0, RandomMatrix(rng, 1, d, component));
            }).ToArray();
            await using var writer = new ArrowShardWriter<EmbeddedPassage>(File.Create(Path.Combine(_dir, $"part-{s:D4}.arrow")));
            foreach (var chunk in rows.Chunk(7)) await writer.WriteAsync(chunk, default);
            all.AddRange(rows);
        }
        return all;
    }

    private async Task WriteShardAsync(string name, int first, (string Doc, float Score)[] rows, int d)
    {
        await using var writer = new ArrowShardWriter<EmbeddedPassage>(File.Create(Path.Combine(_dir, name)));
        await writer.WriteAsync(rows.Select((r, i) => new EmbeddedPassage($"p{first + i}", r.Doc, 0, null, "", 0, 0, [r.Score])).ToArray(), default);
    }
}
