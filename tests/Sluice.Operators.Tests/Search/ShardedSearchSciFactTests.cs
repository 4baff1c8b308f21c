using Sluice.Operators.Embedding;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Search;

/// <summary>Streamed search and float16 shards on the real SciFact datastore.</summary>
public class ShardedSearchSciFactTests(SciFactFixture fixture, ITestOutputHelper output) : IClassFixture<SciFactFixture>, IDisposable
{
    private readonly string _half = Path.Combine(Path.GetTempPath(), $"sluice-scifact-f16-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_half)) Directory.Delete(_half, recursive: true);
    }

    [Fact]
    public async Task SearchAsync_SciFact_EqualsPassageIndexSearch()
    {
        var sharded = await ShardedSearch.OpenAsync(fixture.Directory);
        sharded.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);
        var expected = fixture.Index.Search(fixture.ClaimVectors, 20);
        var actual = await sharded.SearchAsync(fixture.ClaimVectors, MiniLmEmbedder.Dimensions, 20);
        for (int q = 0; q < expected.Count; q++) Assert.Equal(expected[q], actual[q]);
    }

    [Fact]
    public async Task Float16Store_SciFact_KeepsTheTop10AndHalvesTheVectorBytes()
    {
        // Converted from the float32 store, the path an existing datastore takes to float16.
        var convert = Pipeline.Create("scifact-float16-test")
            .ReadArrow<EmbeddedPassage>(fixture.Directory)
            .ToFloat16()
            .WriteArrowShards(_half, metadata: new Dictionary<string, string>
            {
                ["model"] = MiniLmEmbedder.DefaultModelId,
                ["dimension"] = MiniLmEmbedder.Dimensions.ToString(),
                [VectorPrecisionVerbs.DtypeKey] = VectorPrecisionVerbs.Float16,
            })
            .Build();
        var run = await PipelineRunner.RunAsync(convert);
        Assert.Null(run.Error);

        var halfIndex = await PassageIndex.LoadAsync(_half);
        var sharded = await ShardedSearch.OpenAsync(_half);
        Assert.Equal(fixture.Index.Count, halfIndex.Count);
        Assert.Equal(fixture.Index.Ids, halfIndex.Ids);

        var exact = fixture.Index.Search(fixture.ClaimVectors, 10);
        var streamed = await sharded.SearchAsync(fixture.ClaimVectors, MiniLmEmbedder.Dimensions, 10);
        var loaded = halfIndex.Search(fixture.ClaimVectors, 10);
        double recall = 0;
        for (int q = 0; q < exact.Count; q++)
        {
            Assert.Equal(loaded[q], streamed[q]);
            recall += exact[q].Select(h => h.Row).Intersect(streamed[q].Select(h => h.Row)).Count() / 10.0;
        }
        recall /= exact.Count;

        long bytes32 = (await ShardedSearch.OpenAsync(fixture.Directory)).Bytes, bytes16 = sharded.Bytes;
        long vectorBytes32 = (long)fixture.Index.Count * fixture.Index.Dimension * sizeof(float);
        output.WriteLine($"float16 SciFact: recall@10 {recall:F4} vs float32; {bytes32:N0} → {bytes16:N0} bytes ({(double)bytes16 / bytes32:P1}); float32 vectors alone {vectorBytes32:N0} bytes");
        Assert.True(recall >= 0.99, $"recall@10 {recall:F4}");
        // The shards also hold texts and ids: the saving must be (about) half of the float32 vector bytes.
        Assert.InRange(bytes32 - bytes16, 0.45 * vectorBytes32, 0.55 * vectorBytes32);
    }
}
