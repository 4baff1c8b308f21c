namespace Sluice.Operators.Dedup;

/// <summary>A document's exact-dedup key, sent through the exchange with where the document is.</summary>
/// <param name="Key">The key: hex XxHash128 of the normalised text, or the key column's value.</param>
/// <param name="Unit">The document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id, for reject reasons.</param>
public sealed record ContentKey(string Key, string Unit, long Position, string? Id);
