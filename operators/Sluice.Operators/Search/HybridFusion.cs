namespace Sluice.Operators.Search;

/// <summary>
/// Combines a dense and a BM25 candidate list per query into one ranking. Pure functions of the lists: each side's
/// rows and scores best first, row -1 marking the end of a short list (as <see cref="TopKResult"/> pads).
/// </summary>
/// <remarks>
/// <para>The <see cref="HybridRule.Nest"/> rule is the first-stage retrieval of NEST ("Nearest Neighbor Speculative
/// Decoding for LLM Generation and Attribution", Li et al., NeurIPS 2024), read from facebookresearch/NEST commit
/// 2ff51e0696b1b0bc8897ed87957e534837ffec3f, <c>models/knn_transformers.py</c>, <c>KNNTransformer.retrieve_passage</c>
/// and <c>fusion</c>. It is not a fixed "dense + 0.3 × BM25": 0.3 enters a per-query weight λ.</para>
/// <list type="number">
/// <item>Each side contributes its best 4,000 candidates. NEST keeps BM25 hits in zero-filled arrays, so a BM25 list
/// shorter than that reads as score 0 past its end — the true BM25 score of a passage that shares no term with the
/// query. Both sides are read that way here.</item>
/// <item>How peaked each side is: the score at place 101 over the top score. A flat BM25 list (ratio near 1) says
/// little, a peaked dense list (ratio near 0, negative scores counted as 0) says much, and
/// λ = (1 − c)·ratio_bm25 + c·(1 − ratio_dense) with c = 0.3; λ always lies in [0, 1].</item>
/// <item>Over the union of both lists, score = λ·dense + (1 − λ)·bm25, where a row missing from a side takes that side's
/// score at its last place (its minimum among its candidates; 0 for a BM25 list that ran out).</item>
/// </list>
/// <para>The scores are not normalised first, as in NEST: with DRAGON+ inner products both sides are tens; with unit
/// MiniLM vectors (cosine ≤ 1) BM25's larger scale makes it lead and dense mostly reorders near-ties.</para>
/// </remarks>
public static class HybridFusion
{
    /// <summary>Fuses every query's lists into the best <paramref name="k"/> rows (row -1, score 0 past the end).</summary>
    /// <exception cref="ArgumentException">The results hold different numbers of queries.</exception>
    public static TopKResult Fuse(TopKResult dense, TopKResult bm25, int k, HybridOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (dense.Queries != bm25.Queries) throw new ArgumentException($"dense results hold {dense.Queries} queries, BM25 results {bm25.Queries}");
        options ??= new HybridOptions();
        options.Validate();
        var rows = new int[dense.Queries * k];
        var scores = new float[rows.Length];
        System.Array.Fill(rows, -1);
        for (int q = 0; q < dense.Queries; q++)
        {
            var fused = options.Rule == HybridRule.Rrf
                ? ReciprocalRank(dense.RowsOf(q), bm25.RowsOf(q), k, options)
                : Nest(dense.RowsOf(q), dense.ScoresOf(q), bm25.RowsOf(q), bm25.ScoresOf(q), k, options);
            for (int i = 0; i < fused.Count; i++) (rows[q * k + i], scores[q * k + i]) = fused[i];
        }
        return new TopKResult(dense.Queries, k, rows, scores);
    }

    /// <summary>
    /// NEST's per-query dense weight λ = (1 − c)·B[r]/B[0] + c·(1 − max(D[r], 0)/D[0]), where D and B are the dense and
    /// BM25 scores best first, read as 0 past a list's end, and r is <see cref="HybridOptions.ReferenceRank"/> (clamped
    /// to the depth). A side whose top score is not positive counts as flat (ratio 1).
    /// </summary>
    public static double NestWeight(ReadOnlySpan<float> denseScores, ReadOnlySpan<float> bm25Scores, HybridOptions? options = null)
    {
        options ??= new HybridOptions();
        int r = Math.Min(options.ReferenceRank, options.Depth - 1);
        double c = options.Coefficient;
        double bm25Ratio = Ratio(At(bm25Scores, r), At(bm25Scores, 0));
        double denseRatio = Ratio(Math.Max(At(denseScores, r), 0), At(denseScores, 0));
        return (1 - c) * bm25Ratio + c * (1 - denseRatio);

        static double Ratio(double score, double top) => top > 0 ? score / top : 1;
    }

    /// <summary>NEST's fusion of one query's lists (see the remarks on <see cref="HybridFusion"/>): the best
    /// <paramref name="k"/> rows of the union by λ·dense + (1 − λ)·bm25, ties to the lower row.</summary>
    public static IReadOnlyList<(int Row, float Score)> Nest(ReadOnlySpan<int> denseRows, ReadOnlySpan<float> denseScores,
        ReadOnlySpan<int> bm25Rows, ReadOnlySpan<float> bm25Scores, int k, HybridOptions? options = null)
    {
        options ??= new HybridOptions();
        int denseCount = Candidates(denseRows, options.Depth), bm25Count = Candidates(bm25Rows, options.Depth);
        var dense = denseScores[..denseCount];
        var bm25 = bm25Scores[..bm25Count];
        double lambda = NestWeight(dense, bm25, options);
        double denseFill = At(dense, options.Depth - 1), bm25Fill = At(bm25, options.Depth - 1);

        var sides = new Dictionary<int, (double Dense, double Bm25)>(denseCount + bm25Count);
        for (int i = 0; i < denseCount; i++) sides[denseRows[i]] = (dense[i], bm25Fill);
        for (int i = 0; i < bm25Count; i++)
            sides[bm25Rows[i]] = sides.TryGetValue(bm25Rows[i], out var both) ? (both.Dense, bm25[i]) : (denseFill, bm25[i]);
        return Best(sides.Select(p => (p.Key, lambda * p.Value.Dense + (1 - lambda) * p.Value.Bm25)), k);
    }

    /// <summary>Reciprocal-rank fusion of one query's lists: a row earns 1 / (<see cref="HybridOptions.RrfK"/> + r) for
    /// each side that holds it at 1-based place r (within the depth); the best <paramref name="k"/> rows, ties to the lower row.</summary>
    public static IReadOnlyList<(int Row, float Score)> ReciprocalRank(ReadOnlySpan<int> denseRows, ReadOnlySpan<int> bm25Rows, int k,
        HybridOptions? options = null)
    {
        options ??= new HybridOptions();
        var sums = new Dictionary<int, double>();
        foreach (var side in new[] { denseRows[..Candidates(denseRows, options.Depth)].ToArray(), bm25Rows[..Candidates(bm25Rows, options.Depth)].ToArray() })
            for (int i = 0; i < side.Length; i++)
                sums[side[i]] = sums.GetValueOrDefault(side[i]) + 1.0 / (options.RrfK + i + 1);
        return Best(sums.Select(p => (p.Key, p.Value)), k);
    }

    // A list's candidates: its places up to the first empty one (row -1), at most `depth`.
    private static int Candidates(ReadOnlySpan<int> rows, int depth)
    {
        int n = Math.Min(rows.Length, depth);
        int end = rows[..n].IndexOf(-1);
        return end < 0 ? n : end;
    }

    private static double At(ReadOnlySpan<float> scores, int place) => place < scores.Length ? scores[place] : 0;

    private static (int Row, float Score)[] Best(IEnumerable<(int Row, double Score)> scored, int k) =>
        scored.OrderByDescending(s => s.Score).ThenBy(s => s.Row).Take(k).Select(s => (s.Row, (float)s.Score)).ToArray();
}
