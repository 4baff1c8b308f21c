using System.Numerics.Tensors;

namespace Sluice.Operators.Selection;

/// <summary>
/// Group-MATES selection inside a cluster: take the document of lowest predicted Δloss; then repeatedly take the
/// unselected i minimising predᵢ · mean_{j∈selected} α(1 − cos(hᵢ, hⱼ)/τ), until floor(r·|cluster|) are kept.
/// Lower predicted Δloss is better, so for a beneficial (negative) prediction a near-duplicate of a kept document
/// (interaction near 0) is deferred. Ties go to the lower index.
/// </summary>
public static class GroupSelection
{
    /// <summary>Greedy group selection within one group; returns the local indices in pick order.</summary>
    /// <param name="vectors">Row-major [m × d] unit vectors.</param>
    /// <param name="dimension">d.</param>
    /// <param name="predictions">m predicted influences (lower is better).</param>
    /// <param name="keep">How many to take; at most m.</param>
    /// <param name="alpha">α.</param>
    /// <param name="tau">τ, non-zero.</param>
    /// <exception cref="ArgumentException">Shapes disagree, a prediction is NaN, <paramref name="keep"/> is out of range or τ is 0.</exception>
    public static int[] SelectGroup(ReadOnlySpan<float> vectors, int dimension, ReadOnlySpan<float> predictions, int keep, float alpha = 1f, float tau = 1f)
    {
        int m = predictions.Length;
        if (vectors.Length != m * dimension) throw new ArgumentException($"expected {m} vectors of {dimension} floats; got {vectors.Length} floats.");
        if (keep < 0 || keep > m) throw new ArgumentOutOfRangeException(nameof(keep), keep, $"keep must lie in 0..{m}.");
        RelationalInfluence.CheckTau(tau);
        CheckPredictions(predictions);
        var order = new int[keep];
        if (keep == 0) return order;
        var taken = new bool[m];
        var interactions = new double[m];
        int last = ArgMin(predictions, taken, _ => 1.0);
        order[0] = last;
        taken[last] = true;
        for (int picked = 1; picked < keep; picked++)
        {
            var hLast = vectors.Slice(last * dimension, dimension);
            for (int i = 0; i < m; i++)
                if (!taken[i])
                    interactions[i] += RelationalInfluence.Interaction(TensorPrimitives.Dot(vectors.Slice(i * dimension, dimension), hLast), alpha, tau);
            int count = picked;
            last = ArgMin(predictions, taken, i => interactions[i] / count);
            order[picked] = last;
            taken[last] = true;
        }
        return order;
    }

    /// <summary>Selects floor(r·|c|) documents in every cluster c (clusters in parallel).</summary>
    /// <param name="vectors">Row-major [n × d] unit vectors of the pool.</param>
    /// <param name="dimension">d.</param>
    /// <param name="predictions">n predicted influences.</param>
    /// <param name="assignments">n cluster ids in 0..<paramref name="clusters"/>−1.</param>
    /// <param name="clusters">k.</param>
    /// <param name="options">Options; <c>null</c> means defaults.</param>
    /// <param name="ct">Checked between clusters.</param>
    /// <exception cref="ArgumentException">Shapes disagree, a prediction is NaN or a cluster id is out of range.</exception>
    public static GroupSelectionResult SelectByCluster(ReadOnlyMemory<float> vectors, int dimension, float[] predictions, int[] assignments,
        int clusters, GroupSelectionOptions? options = null, CancellationToken ct = default)
    {
        options ??= new GroupSelectionOptions();
        options.Validate();
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(assignments);
        int n = predictions.Length;
        if (assignments.Length != n || vectors.Length != (long)n * dimension)
            throw new ArgumentException($"expected {n} vectors of {dimension} floats and {n} assignments.");
        CheckPredictions(predictions);
        var members = new List<int>[clusters];
        for (int c = 0; c < clusters; c++) members[c] = [];
        for (int i = 0; i < n; i++)
        {
            int c = assignments[i];
            if ((uint)c >= (uint)clusters) throw new ArgumentException($"document {i} is in cluster {c}, outside 0..{clusters - 1}.", nameof(assignments));
            members[c].Add(i);
        }
        var pickOrder = new int[n];
        Array.Fill(pickOrder, -1);
        var kept = new int[clusters];
        Parallel.For(0, clusters, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = ct }, c =>
        {
            var ids = members[c];
            int keep = options.Keep(ids.Count);
            kept[c] = keep;
            if (keep == 0) return;
            var local = new float[ids.Count * dimension];
            var pred = new float[ids.Count];
            var all = vectors.Span;
            for (int i = 0; i < ids.Count; i++)
            {
                all.Slice(ids[i] * dimension, dimension).CopyTo(local.AsSpan(i * dimension, dimension));
                pred[i] = predictions[ids[i]];
            }
            var order = options.UseInteractions
                ? SelectGroup(local, dimension, pred, keep, options.Alpha, options.Tau)
                : Enumerable.Range(0, ids.Count).OrderBy(i => pred[i]).ThenBy(i => i).Take(keep).ToArray();
            for (int p = 0; p < order.Length; p++) pickOrder[ids[order[p]]] = p;
        });
        var selected = Enumerable.Range(0, n).Where(i => pickOrder[i] >= 0).ToArray();
        var sizes = members.Select(m => m.Count).ToArray();
        return new GroupSelectionResult(selected, pickOrder, sizes, kept, sizes.Count(s => s == 0));
    }

    private static int ArgMin(ReadOnlySpan<float> predictions, bool[] taken, Func<int, double> factor)
    {
        int best = -1;
        double bestScore = double.PositiveInfinity;
        for (int i = 0; i < predictions.Length; i++)
        {
            if (taken[i]) continue;
            double score = predictions[i] * factor(i);
            if (best < 0 || score < bestScore) { best = i; bestScore = score; }
        }
        return best;
    }

    private static void CheckPredictions(ReadOnlySpan<float> predictions)
    {
        for (int i = 0; i < predictions.Length; i++)
            if (!float.IsFinite(predictions[i])) throw new ArgumentException($"prediction {i} is {predictions[i]}; predictions must be finite.", nameof(predictions));
    }
}
