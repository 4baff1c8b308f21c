using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Embedding;

/// <summary>The <c>ToFloat16</c> verb: halves a datastore's vector bytes before its sink.</summary>
public static class VectorPrecisionVerbs
{
    /// <summary>
    /// The manifest metadata key that names the stored vector type, and its float16 value; readers go by the Arrow
    /// schema, so the entry is for people and tools that read only the manifest.
    /// </summary>
    public const string DtypeKey = "vector_dtype";

    /// <summary>The <see cref="DtypeKey"/> value of a float16 datastore.</summary>
    public const string Float16 = "float16";

    /// <summary>
    /// Rounds each passage's vector to float16 (<see cref="HalfEmbeddedPassage.From"/>). Unit-length MiniLM vectors
    /// lose about 3 decimal digits per component, which moves inner products by well under 1e-3: near-ties may swap, the
    /// ranking otherwise stays (recall@10 against float32 is measured in the search tests).
    /// </summary>
    [Verb(OperatorRole.Transform)]
    public static Flow<HalfEmbeddedPassage> ToFloat16(this Flow<EmbeddedPassage> flow, string? name = null) =>
        flow.Map(HalfEmbeddedPassage.From, name ?? "to-float16");
}
