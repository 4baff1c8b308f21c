namespace Sluice.Operators.Selection;

/// <summary>
/// The relational part of Group-MATES, as pure functions: how much document i's influence is changed by documents
/// already in the group. Vectors h are unit length, so a cosine is an inner product.
/// </summary>
public static class RelationalInfluence
{
    /// <summary>The pairwise factor α · (1 − cos(hᵢ, hⱼ) / τ).</summary>
    public static float Interaction(float cosine, float alpha, float tau) => alpha * (1f - cosine / tau);

    /// <summary>
    /// Relational predictions along one rollout of T documents: pred₁ = s₁ and, for t &gt; 1,
    /// predₜ = sₜ · mean_{j&lt;t} α(1 − cos(hₜ, hⱼ)/τ).
    /// </summary>
    /// <param name="vectors">Row-major [T × d] unit vectors of the rollout's documents, in training order.</param>
    /// <param name="dimension">d.</param>
    /// <param name="individual">The T individual influences s = w·h.</param>
    /// <param name="alpha">α (the reference code: 1).</param>
    /// <param name="tau">τ (the reference code: 1); must not be 0.</param>
    /// <param name="predictions">T predictions, written.</param>
    /// <exception cref="ArgumentException">Lengths do not agree, or τ is 0 or not finite.</exception>
    public static void Predict(ReadOnlySpan<float> vectors, int dimension, ReadOnlySpan<float> individual, float alpha, float tau, Span<float> predictions)
    {
        int t = individual.Length;
        if (vectors.Length != t * dimension || predictions.Length < t)
            throw new ArgumentException($"expected {t} vectors of {dimension} floats and room for {t} predictions.");
        CheckTau(tau);
        for (int i = 0; i < t; i++)
        {
            if (i == 0) { predictions[0] = individual[0]; continue; }
            var hi = vectors.Slice(i * dimension, dimension);
            double sum = 0;
            for (int j = 0; j < i; j++)
                sum += Interaction(System.Numerics.Tensors.TensorPrimitives.Dot(hi, vectors.Slice(j * dimension, dimension)), alpha, tau);
            predictions[i] = (float)(individual[i] * (sum / i));
        }
    }

    internal static void CheckTau(float tau)
    {
        if (tau == 0 || !float.IsFinite(tau)) throw new ArgumentException($"τ must be finite and non-zero; got {tau}.", nameof(tau));
    }
}
