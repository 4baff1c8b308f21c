namespace Sluice.Operators.Dedup;

/// <summary>Two documents that share an LSH bucket: the bucket's first document (in input order) and another.</summary>
/// <param name="FirstUnit">The bucket's first document's unit.</param>
/// <param name="FirstPosition">Its position.</param>
/// <param name="FirstId">Its id.</param>
/// <param name="Unit">The other document's unit.</param>
/// <param name="Position">Its position.</param>
/// <param name="Id">Its id.</param>
public sealed record DuplicatePair(string FirstUnit, long FirstPosition, string? FirstId, string Unit, long Position, string? Id);
