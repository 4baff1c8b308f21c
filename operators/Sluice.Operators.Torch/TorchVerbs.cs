using Sluice.Operators.Embedding;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Torch;

/// <summary>The verbs of the <c>torch</c> operator package (<c>#r "sluice: torch"</c>).</summary>
public static class TorchVerbs
{
    /// <summary>
    /// Embeds each passage's text with all-MiniLM-L6-v2 on TorchSharp (<see cref="TorchMiniLmEmbedder"/>): CUDA when
    /// present, the CPU otherwise; the same 384-float vectors as the ONNX embedder. Nothing loads until the first batch.
    /// </summary>
    /// <param name="flow">The passages.</param>
    /// <param name="options">Device, precision and batch size; <c>null</c> means defaults.</param>
    /// <param name="name">The operator's name; default <c>embed-torch</c>.</param>
    /// <exception cref="ArgumentException">An option is invalid (thrown here, before any I/O).</exception>
    [Verb(OperatorRole.Inference, Rule = "sentence-transformers mean pooling, L2-normalised")]
    public static Flow<EmbeddedPassage> EmbedWithTorch(this Flow<Passage> flow, TorchMiniLmOptions? options = null, string? name = null) =>
        flow.Embed(new TorchMiniLmEmbedder(options), name ?? "embed-torch");
}
