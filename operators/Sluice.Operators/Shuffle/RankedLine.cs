namespace Sluice.Operators.Shuffle;

/// <summary>A shuffled record on its way to its chunk: the slice of the ranked exchange it belongs to (<see cref="ChunkLayout"/>).</summary>
/// <param name="Slice">The exchange partition: chunk × (units per chunk + 1) + 0 for the held-out head, 1… for the rest.</param>
/// <param name="Record">The record.</param>
public sealed record RankedLine<T>(int Slice, T Record);
