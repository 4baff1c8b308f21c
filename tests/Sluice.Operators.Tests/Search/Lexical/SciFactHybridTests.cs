using System.Diagnostics;
using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Search.Lexical;

/// <summary>Dense, BM25 and hybrid retrieval side by side on the SciFact claims (208 queries, one relevant abstract each).</summary>
public class SciFactHybridTests(SciFactFixture fixture, ITestOutputHelper output) : IClassFixture<SciFactFixture>
{
    // Passages fetched per query before they are reduced to distinct documents, as the dense SciFact test does.
    private const int Passages = 50;

    [Fact]
    public async Task Bm25AndHybrid_SciFactClaims_AgainstDense()
    {
        using var bm25 = await Bm25Index.BuildAsync(fixture.Directory);
        Assert.Equal(fixture.Index.Count, bm25.Count);
        var claims = fixture.Claims.Select(c => c.Text).ToArray();
        var options = new HybridOptions();
        int depth = Math.Min(options.Depth, fixture.Index.Count);

        var clock = Stopwatch.StartNew();
        var lexical = bm25.Search(claims, depth);
        double bm25Seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var dense = InnerProductSearch.Search(fixture.Index.Vectors, fixture.Index.Dimension, fixture.ClaimVectors, depth);
        double denseSeconds = clock.Elapsed.TotalSeconds;

        var table = new (string Mode, RetrievalMetrics Metrics)[]
        {
            ("dense", Measure(dense)),
            ("bm25", Measure(lexical)),
            ("hybrid (NEST)", Measure(HybridFusion.Fuse(dense, lexical, Passages, options))),
            ("hybrid (RRF)", Measure(HybridFusion.Fuse(dense, lexical, Passages, options with { Rule = HybridRule.Rrf }))),
        };
        foreach (var (mode, metrics) in table)
            output.WriteLine($"SciFact {fixture.Index.Count} passages, {mode,-14}: {metrics}");
        output.WriteLine($"top-{depth} candidates for {claims.Length} claims: BM25 {claims.Length / bm25Seconds:F0} queries/s, dense exact scan {claims.Length / denseSeconds:F0} queries/s (vectors already embedded)");

        // Measured (MiniLM, EnglishAnalyzer, k1 0.9, b 0.4): dense R@1 0.856 / R@10 1.000 / MRR 0.906; BM25 0.837 / 0.981 /
        // 0.885; NEST 0.841 / 0.986 / 0.887; RRF 0.856 / 0.995 / 0.906. The bounds sit a little below.
        var (denseMetrics, bm25Metrics, nest, rrf) = (table[0].Metrics, table[1].Metrics, table[2].Metrics, table[3].Metrics);
        Assert.True(bm25Metrics.RecallAt(10) >= 0.95, bm25Metrics.ToString());
        Assert.True(bm25Metrics.RecallAt(1) >= 0.8, bm25Metrics.ToString());
        // Unit MiniLM scores are small beside BM25's, so NEST's interpolation follows BM25 and must not fall below it.
        Assert.True(nest.MeanReciprocalRank >= bm25Metrics.MeanReciprocalRank - 0.005, nest.ToString());
        Assert.True(rrf.MeanReciprocalRank >= denseMetrics.MeanReciprocalRank - 0.01, rrf.ToString());
        Assert.True(rrf.RecallAt(10) >= 0.98, rrf.ToString());
    }

    private RetrievalMetrics Measure(TopKResult result)
    {
        var metrics = new RetrievalMetrics();
        for (int q = 0; q < fixture.Claims.Count; q++)
        {
            var docs = result.RowsOf(q)[..Math.Min(Passages, result.K)].ToArray()
                .Where(r => r >= 0).Select(r => fixture.Index.DocIds[r]).Distinct().ToArray();
            metrics.Add(docs, d => d == fixture.Claims[q].DocId);
        }
        return metrics;
    }
}
