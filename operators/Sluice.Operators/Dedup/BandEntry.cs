namespace Sluice.Operators.Dedup;

/// <summary>One LSH band of a document's MinHash signature, sent through the exchange keyed by (band, key).</summary>
/// <param name="Band">The band's index.</param>
/// <param name="Key">The 64-bit hash of the band's rows.</param>
/// <param name="Unit">The document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id.</param>
public sealed record BandEntry(int Band, ulong Key, string Unit, long Position, string? Id);
