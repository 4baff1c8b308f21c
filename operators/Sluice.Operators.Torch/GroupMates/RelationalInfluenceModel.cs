using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// The relational influence model of Group-MATES over fixed unit document vectors h (from the MiniLM encoder, see
/// <see cref="DocumentEncoder"/>): individual influence s = w·h, and for position t of a rollout
/// pred₁ = s₁, predₜ = sₜ · α · mean_{j&lt;t}(1 − cos(hₜ, hⱼ)/τ), with α and τ trained from 1.0. Trained with MSE on the
/// z-normalised marginal oracle scores (sₖ − sₖ₋₁), AdamW with linear warm-up; the epoch of best held-out Spearman is kept.
/// </summary>
/// <remarks>Predictions are on the z scale of the training targets; lower means a larger predicted drop of reference loss.</remarks>
public sealed class RelationalInfluenceModel
{
    private RelationalInfluenceModel(float[] weights, float alpha, float tau, bool relational)
    {
        Weights = weights;
        Alpha = alpha;
        Tau = tau;
        Relational = relational;
    }

    /// <summary>w, one weight per vector dimension.</summary>
    public float[] Weights { get; }

    /// <summary>α (1 when not relational).</summary>
    public float Alpha { get; }

    /// <summary>τ (1 when not relational).</summary>
    public float Tau { get; }

    /// <summary>Whether the model was fitted with the relational term.</summary>
    public bool Relational { get; }

    /// <summary>Vector length d.</summary>
    public int Dimension => Weights.Length;

    /// <summary>Individual influences s = w·h of the row-major [n × d] <paramref name="vectors"/>.</summary>
    public float[] ScoreIndividual(ReadOnlySpan<float> vectors)
    {
        int n = vectors.Length / Dimension;
        var s = new float[n];
        for (int i = 0; i < n; i++) s[i] = System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(i * Dimension, Dimension), Weights);
        return s;
    }

    /// <summary>Fits a model on probed rollouts.</summary>
    /// <exception cref="ArgumentException">Fewer than 4 rollouts, rollouts of different shapes, or non-finite scores.</exception>
    public static (RelationalInfluenceModel Model, InfluenceFitReport Report) Fit(IReadOnlyList<InfluenceRollout> rollouts, int dimension, InfluenceModelOptions? options = null)
    {
        options ??= new InfluenceModelOptions();
        options.Validate();
        if (rollouts.Count < 4) throw new ArgumentException($"fitting needs at least 4 rollouts; got {rollouts.Count}.", nameof(rollouts));
        int t = rollouts[0].Scores.Length;
        foreach (var r in rollouts)
        {
            if (r.Scores.Length != t || r.Vectors.Length != t * dimension)
                throw new ArgumentException($"every rollout needs {t} scores and {t} vectors of {dimension}; rejected (shorter) rollouts must be left out before fitting.", nameof(rollouts));
            if (r.Scores.Any(s => !float.IsFinite(s))) throw new ArgumentException("a rollout holds a non-finite score.", nameof(rollouts));
        }
        var device = TorchDevices.Resolve(options.Device);
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, rollouts.Count).ToArray();
        random.Shuffle(order);
        int heldOut = Math.Max(1, (int)(rollouts.Count * options.HeldOutFraction));
        var test = order[..heldOut];
        var train = order[heldOut..];

        // Marginal targets, z-normalised with the training rollouts' statistics.
        var marginals = rollouts.Select(r => r.Scores.Select((s, k) => (double)(k == 0 ? s : s - r.Scores[k - 1])).ToArray()).ToArray();
        var trainValues = train.SelectMany(i => marginals[i]).ToArray();
        double mean = trainValues.Average(), std = Math.Sqrt(trainValues.Select(v => (v - mean) * (v - mean)).Average());
        if (std == 0) std = 1;

        Tensor Stack(int[] ids, Func<int, float[]> rows, long[] shape)
        {
            var flat = ids.SelectMany(rows).ToArray();
            return tensor(flat, [ids.Length, .. shape]).to(device);
        }
        using var scope = NewDisposeScope();
        var hTrain = Stack(train, i => rollouts[i].Vectors, [t, dimension]);
        var yTrain = Stack(train, i => marginals[i].Select(v => (float)((v - mean) / std)).ToArray(), [t]);
        var hTest = Stack(test, i => rollouts[i].Vectors, [t, dimension]);
        var yTest = test.SelectMany(i => marginals[i].Select(v => (v - mean) / std)).ToArray();

        var w = zeros(dimension, device: device).requires_grad_(true);
        var alpha = ones(1, device: device).requires_grad_(options.Relational);
        var tau = ones(1, device: device).requires_grad_(options.Relational);
        var parameters = options.Relational ? new[] { w, alpha, tau } : new[] { w };
        var adam = new AdamWState(parameters);
        var lower = ones(t, t, device: device).tril(-1);
        var counts = arange(t, device: device).clamp_min(1).to(ScalarType.Float32);

        Tensor Predict(Tensor h)
        {
            var s = matmul(h, w);
            if (!options.Relational) return s;
            var cos = matmul(h, h.transpose(1, 2));
            var factor = (alpha * (1 - cos / tau) * lower).sum(-1) / counts;
            // Position 0 has no predecessor: its prediction is its individual influence.
            factor = cat([ones(factor.shape[0], 1, device: device), factor.narrow(1, 1, t - 1)], 1);
            return s * factor;
        }

        var best = (Spearman: double.NegativeInfinity, Epoch: 0, W: Array.Empty<float>(), Alpha: 1f, Tau: 1f, Mse: 0.0, Pearson: 0.0);
        int step = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var batchOrder = Enumerable.Range(0, train.Length).ToArray();
            random.Shuffle(batchOrder);
            for (int start = 0; start < batchOrder.Length; start += options.BatchSize)
            {
                using var stepScope = NewDisposeScope();
                var index = tensor(batchOrder.Skip(start).Take(options.BatchSize).Select(i => (long)i).ToArray()).to(device);
                var loss = (Predict(hTrain.index_select(0, index)) - yTrain.index_select(0, index)).pow(2).mean();
                loss.backward();
                step++;
                double lr = options.LearningRate * (options.WarmupSteps == 0 ? 1 : Math.Min(1.0, step / (double)options.WarmupSteps));
                // Weight decay on w only: α and τ are scalars of the method, not weights to shrink.
                using (no_grad()) w.mul_(1 - lr * options.WeightDecay);
                adam.Apply(lr, weightDecay: 0);
            }
            using var evalScope = NewDisposeScope();
            using var _ = no_grad();
            var predicted = Predict(hTest).cpu().data<float>().Select(v => (double)v).ToArray();
            double spearman = Correlation.Spearman(predicted, yTest);
            if (spearman > best.Spearman)
            {
                double mse = predicted.Select((p, i) => (p - yTest[i]) * (p - yTest[i])).Average();
                best = (spearman, epoch, w.cpu().data<float>().ToArray(), alpha.cpu().item<float>(), tau.cpu().item<float>(), mse, Correlation.Pearson(predicted, yTest));
            }
        }
        adam.Dispose();
        var model = new RelationalInfluenceModel(best.W, best.Alpha, best.Tau, options.Relational);
        return (model, new InfluenceFitReport(train.Length, test.Length, best.Epoch, best.Mse, best.Pearson, best.Spearman, best.Alpha, best.Tau));
    }

    /// <summary>Writes the model as text: a header line "relational|individual alpha tau d", then the weights.</summary>
    public void Save(string path) =>
        File.WriteAllLines(path, [$"{(Relational ? "relational" : "individual")} {Alpha:R} {Tau:R} {Dimension}", .. Weights.Select(x => x.ToString("R"))]);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a model, or its dimension is not <paramref name="expectedDimension"/>.</exception>
    public static RelationalInfluenceModel Load(string path, int? expectedDimension = null)
    {
        var lines = File.ReadAllLines(path);
        var head = lines.Length > 0 ? lines[0].Split(' ') : [];
        if (head.Length != 4 || head[0] is not ("relational" or "individual") || !int.TryParse(head[3], out int d) || lines.Length != d + 1)
            throw new InvalidDataException($"{path} is not an influence model file.");
        if (expectedDimension is int e && e != d) throw new InvalidDataException($"{path} is an influence model over {d}-dimensional vectors; this run has {e}.");
        return new RelationalInfluenceModel(lines.Skip(1).Select(float.Parse).ToArray(), float.Parse(head[1]), float.Parse(head[2]), head[0] == "relational");
    }
}
