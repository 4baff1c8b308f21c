using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Search;

/// <summary>The real retrieval check: every SciFact claim must find the abstract it was written from.</summary>
public class SciFactRetrievalTests(SciFactFixture fixture, ITestOutputHelper output) : IClassFixture<SciFactFixture>
{
    [Fact]
    public void ExactSearch_SciFactClaims_FindTheirAbstracts()
    {
        Assert.Equal(182, fixture.Index.DocIds.Distinct().Count());
        Assert.Equal(208, fixture.Claims.Count);
        fixture.Index.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);

        // Enough passages that every document can appear in the top 10 documents, however many passages lead it.
        var hits = fixture.Index.Search(fixture.ClaimVectors, k: 50);
        var metrics = new RetrievalMetrics();
        for (int i = 0; i < fixture.Claims.Count; i++)
        {
            var docs = hits[i].Select(h => h.DocId).Distinct().ToArray();
            metrics.Add(docs, d => d == fixture.Claims[i].DocId);
        }
        output.WriteLine($"SciFact, {fixture.Index.Count} passages, exact search: {metrics}");
        Console.WriteLine($"SciFact, {fixture.Index.Count} passages, exact search: {metrics}");
        Assert.True(metrics.RecallAt(1) >= 0.75, metrics.ToString());
        Assert.Equal(1.0, metrics.RecallAt(10));
    }

    [Fact]
    public void IvfSearch_AllListsProbed_EqualsExactSearch()
    {
        var ivf = IvfIndex.Build(fixture.Index, new IvfOptions { Lists = 8 });
        var exact = InnerProductSearch.Search(fixture.Index.Vectors, fixture.Index.Dimension, fixture.ClaimVectors, 10);
        var approx = ivf.Search(fixture.Index.Vectors, fixture.ClaimVectors, 10, nprobe: ivf.Lists);
        Assert.Equal(exact.Rows, approx.Rows);
        Assert.Equal(exact.Scores, approx.Scores);
    }

    [Fact]
    public async Task IvfIndex_SavedBesideDatastore_LoadsTheSame()
    {
        var ivf = IvfIndex.Build(fixture.Index, new IvfOptions { Lists = 6, Seed = 3 });
        await ivf.SaveAsync(fixture.Directory);
        var loaded = await IvfIndex.LoadAsync(fixture.Index);
        Assert.NotNull(loaded);
        Assert.Equal(ivf.Lists, loaded.Lists);
        Assert.Equal(ivf.Centroids.ToArray(), loaded.Centroids.ToArray());
        for (int l = 0; l < ivf.Lists; l++) Assert.Equal(ivf.RowsOf(l).ToArray(), loaded.RowsOf(l).ToArray());
        // The index folder starts with '_', so reloading the datastore still sees only its shards.
        var reloaded = await PassageIndex.LoadAsync(fixture.Directory);
        Assert.Equal(fixture.Index.Count, reloaded.Count);
        Assert.Equal(fixture.Index.Fingerprint, reloaded.Fingerprint);
    }

    [Fact]
    public void EnsureEmbeddingModel_OtherModel_ThrowsNamingBoth()
    {
        var e = Assert.Throws<InvalidOperationException>(() => fixture.Index.EnsureEmbeddingModel("BAAI/bge-small-en", 384));
        Assert.Contains("all-MiniLM-L6-v2", e.Message);
        Assert.Contains("bge-small-en", e.Message);
    }
}
