using Microsoft.Extensions.AI;

namespace Sluice.Operators.Embedding;

/// <summary>
/// An embedding generator that puts <paramref name="prefix"/> before and <paramref name="suffix"/> after every text,
/// then asks the generator it wraps: one side (queries or passages) of an asymmetric retriever (<see cref="RetrieverPrompts"/>).
/// </summary>
public sealed class PrefixedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix, string suffix = "")
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    /// <summary>The text put before each input.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The text put after each input.</summary>
    public string Suffix { get; } = suffix;

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(values.Select(v => Prefix + v + Suffix), options, cancellationToken);
}
