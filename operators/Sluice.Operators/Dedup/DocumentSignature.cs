namespace Sluice.Operators.Dedup;

/// <summary>A document's MinHash signature, kept so the components step can estimate the similarity it reports.</summary>
/// <param name="Unit">The document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id.</param>
/// <param name="Values">The signature (<see cref="MinHashOptions.HashCount"/> values).</param>
public sealed record DocumentSignature(string Unit, long Position, string? Id, ulong[] Values);
