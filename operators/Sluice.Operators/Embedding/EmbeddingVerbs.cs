using Microsoft.Extensions.AI;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Embedding;

/// <summary>The <c>Embed</c> verb: any <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over a flow of passages.</summary>
public static class EmbeddingVerbs
{
    /// <summary>
    /// Embeds each passage's text. Batches go to <paramref name="generator"/> as they come (the engine's batch size);
    /// <paramref name="parallelism"/> batches are in flight at once (default 1: an in-process model already uses every core).
    /// </summary>
    /// <exception cref="InvalidDataException">At run time, when the generator returns a different number of vectors.</exception>
    [Verb(OperatorRole.Inference)]
    public static Flow<EmbeddedPassage> Embed(this Flow<Passage> flow, IEmbeddingGenerator<string, Embedding<float>> generator,
        string? name = null, int parallelism = 1) =>
        flow.MapBatch<EmbeddedPassage>(async (batch, ct) =>
        {
            var vectors = await generator.GenerateAsync(batch.Select(p => p.Text), cancellationToken: ct);
            if (vectors.Count != batch.Count)
                throw new InvalidDataException($"embedding model returned {vectors.Count} vectors for {batch.Count} passages");
            var rows = new EmbeddedPassage[batch.Count];
            for (var i = 0; i < rows.Length; i++) rows[i] = EmbeddedPassage.From(batch[i], vectors[i].Vector.ToArray());
            return rows;
        }, name ?? "embed", parallelism);
}
