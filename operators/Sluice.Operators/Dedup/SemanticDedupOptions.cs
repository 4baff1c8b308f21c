using Microsoft.Extensions.AI;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Semantic dedup (SemDeDup) parameters, after NeMo Curator's semantic dedup (NVIDIA/NeMo-Curator,
/// <c>semantic_dedup</c>: embeddings, spherical k-means, pairwise cosine within each cluster, <c>which_to_keep="hard"</c>).
/// </summary>
public sealed record SemanticDedupOptions
{
    /// <summary>k-means clusters, at most one per 100 documents (so a small corpus is one cluster). Default 1000, NeMo Curator's default.</summary>
    public int Clusters { get; init; } = 1000;

    /// <summary>
    /// A document is a duplicate of an earlier one in its cluster whose cosine similarity is at least this. Default
    /// 0.99 (NeMo Curator's <c>eps_to_extract</c> 0.01).
    /// </summary>
    public double Threshold { get; init; } = 0.99;

    /// <summary>Passes of mini-batch k-means over the vectors. Default 3.</summary>
    public int KMeansEpochs { get; init; } = 3;

    /// <summary>Seed of k-means. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Makes the embedder, once per stage and process. Default: in-process all-MiniLM-L6-v2 (384 dimensions).</summary>
    public Func<IEmbeddingGenerator<string, Embedding<float>>>? Embedder { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Clusters < 1) throw new ArgumentException("SemanticDedupOptions.Clusters must be at least 1");
        if (Threshold is <= 0 or > 1) throw new ArgumentException($"SemanticDedupOptions.Threshold must be in (0, 1], not {Threshold}");
        if (KMeansEpochs < 1) throw new ArgumentException("SemanticDedupOptions.KMeansEpochs must be at least 1");
    }
}
