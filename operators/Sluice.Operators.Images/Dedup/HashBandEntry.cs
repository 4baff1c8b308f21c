namespace Sluice.Operators.Images.Dedup;

/// <summary>One band of an image's perceptual hash, sent through the exchange keyed by (band, chunk).</summary>
/// <param name="Band">The band's index.</param>
/// <param name="Chunk">The hash's bits in that band.</param>
/// <param name="Hash">The whole 64-bit pHash.</param>
/// <param name="Unit">The image's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Uuid">Its uuid.</param>
public sealed record HashBandEntry(int Band, ulong Chunk, ulong Hash, string Unit, long Position, string Uuid);
