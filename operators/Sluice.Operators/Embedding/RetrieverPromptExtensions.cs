using Microsoft.Extensions.AI;

namespace Sluice.Operators.Embedding;

/// <summary>The query and passage sides of an embedder under <see cref="RetrieverPrompts"/>.</summary>
public static class RetrieverPromptExtensions
{
    /// <summary>The embedder for queries: <see cref="RetrieverPrompts.QueryPrefix"/> + text + suffix (the embedder itself when both are empty).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForQueries(this IEmbeddingGenerator<string, Embedding<float>> embedder, RetrieverPrompts prompts) =>
        prompts.QueryPrefix.Length == 0 && prompts.Suffix.Length == 0 ? embedder : new PrefixedEmbeddingGenerator(embedder, prompts.QueryPrefix, prompts.Suffix);

    /// <summary>The embedder for passages: <see cref="RetrieverPrompts.PassagePrefix"/> + text + suffix (the embedder itself when both are empty).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForPassages(this IEmbeddingGenerator<string, Embedding<float>> embedder, RetrieverPrompts prompts) =>
        prompts.PassagePrefix.Length == 0 && prompts.Suffix.Length == 0 ? embedder : new PrefixedEmbeddingGenerator(embedder, prompts.PassagePrefix, prompts.Suffix);
}
