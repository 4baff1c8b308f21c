using Microsoft.Extensions.AI;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Operators.Embedding;

/// <summary>Factories for the built-in embedders, for scripts.</summary>
public static class Embedders
{
    /// <summary>all-MiniLM-L6-v2 in process on ONNX Runtime (the embedded default; 384 dimensions, normalised).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> MiniLM(MiniLmOptions? options = null) => new MiniLmEmbedder(options);

    /// <summary>Any OpenAI-compatible <c>/v1/embeddings</c> server.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> OpenAiCompatible(OpenAiEmbeddingOptions options) => new OpenAiEmbeddingClient(options);
}
