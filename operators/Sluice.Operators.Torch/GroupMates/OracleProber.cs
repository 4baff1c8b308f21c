namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// Oracle probing of Group-MATES: for rollout r, draw T training sequences (seeded by r), restore the probe LM and its
/// AdamW state to the checkpoint, take one AdamW step per sequence and after each measure the mean cross-entropy on a
/// fixed reference set.
/// </summary>
/// <remarks>
/// Model and optimizer are restored before every rollout, so a rollout's scores do not depend on the rollouts probed
/// before it: ranks can take any share of rollout ids. Not thread-safe; run one prober per process or per model copy.
/// </remarks>
public sealed class OracleProber : IDisposable
{
    private readonly ProbeLm _model;
    private readonly IReadOnlyList<ProbeSequence> _pool;
    private readonly IReadOnlyList<int[]> _reference;
    private readonly AdamWState.Snapshot _checkpoint;
    private double? _lossBefore;

    /// <summary>Probes <paramref name="model"/> as it is now (its checkpoint state is copied).</summary>
    /// <param name="model">The checkpoint being probed; the prober trains it and restores it between rollouts.</param>
    /// <param name="pool">Training sequences rollouts are drawn from; at least T.</param>
    /// <param name="reference">Fixed reference sequences.</param>
    /// <param name="options">Options; <c>null</c> means defaults.</param>
    /// <exception cref="ArgumentException">The pool holds fewer than T sequences, or the reference set is empty.</exception>
    public OracleProber(ProbeLm model, IReadOnlyList<ProbeSequence> pool, IReadOnlyList<int[]> reference, OracleProberOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new OracleProberOptions();
        Options.Validate();
        if (pool.Count < Options.RolloutLength) throw new ArgumentException($"the pool has {pool.Count} sequences; a rollout draws {Options.RolloutLength}.", nameof(pool));
        if (reference.Count == 0) throw new ArgumentException("the reference set is empty.", nameof(reference));
        _model = model;
        _pool = pool;
        _reference = reference;
        _checkpoint = model.Optimizer.Save();
    }

    /// <summary>The options in use.</summary>
    public OracleProberOptions Options { get; }

    /// <summary>The pool indices rollout <paramref name="rolloutId"/> trains on, in order (distinct; same seed, same draw).</summary>
    public int[] Draw(long rolloutId)
    {
        var random = new Random(Mix(Options.Seed, rolloutId));
        var chosen = new List<int>(Options.RolloutLength);
        var seen = new HashSet<int>();
        while (chosen.Count < Options.RolloutLength)
        {
            int i = random.Next(_pool.Count);
            if (seen.Add(i)) chosen.Add(i);
        }
        return chosen.ToArray();
    }

    /// <summary>Runs rollout <paramref name="rolloutId"/> from the checkpoint. A non-finite loss stops it: the result carries a reject reason.</summary>
    public OracleRollout Probe(long rolloutId)
    {
        _model.Optimizer.Restore(_checkpoint);
        var draw = Draw(rolloutId);
        var ids = draw.Select(i => _pool[i].DocumentId).ToArray();
        double before = _lossBefore ??= _model.MeanLoss(_reference);
        var scores = new List<float>(draw.Length);
        for (int k = 0; k < draw.Length; k++)
        {
            double trained = _model.TrainStep([_pool[draw[k]].Tokens], Options.LearningRate, Options.ClipNorm, Options.WeightDecay);
            double after = double.IsFinite(trained) ? _model.MeanLoss(_reference) : double.NaN;
            if (!double.IsFinite(after))
            {
                var what = double.IsFinite(trained) ? "reference loss" : "training loss or gradient";
                return new OracleRollout(rolloutId, ids, scores.ToArray(), before,
                    $"non-finite {what} at step {k + 1} of {draw.Length} (document {ids[k]})");
            }
            scores.Add((float)(after - before));
        }
        return new OracleRollout(rolloutId, ids, scores.ToArray(), before, null);
    }

    /// <summary>Rollout ids 0..<paramref name="total"/>−1 that rank <paramref name="rank"/> of <paramref name="worldSize"/> probes (round robin).</summary>
    public static IEnumerable<long> RolloutsOfRank(long total, int rank, int worldSize)
    {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} of {worldSize} is out of range.");
        for (long r = rank; r < total; r += worldSize) yield return r;
    }

    /// <summary>Restores the model to the checkpoint and frees the copy.</summary>
    public void Dispose()
    {
        _model.Optimizer.Restore(_checkpoint);
        _checkpoint.Dispose();
    }

    private static int Mix(int seed, long rollout)
    {
        // SplitMix64 finaliser: neighbouring rollout ids get unrelated streams.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)rollout + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
