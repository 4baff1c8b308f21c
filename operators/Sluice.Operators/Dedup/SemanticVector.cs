using Sluice.Storage.Formats;

namespace Sluice.Operators.Dedup;

/// <summary>A document's embedding, with where the document is.</summary>
/// <param name="Unit">The document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id.</param>
/// <param name="Vector">The unit-length embedding.</param>
public sealed record SemanticVector(string Unit, long Position, string? Id, [property: Vector] float[] Vector);
