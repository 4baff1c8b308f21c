namespace Sluice.Operators.Shuffle;

/// <summary>What a global shuffle wrote, as <c>shuffle-counts.json</c> beside the chunks.</summary>
/// <param name="Seed">The shuffle's seed.</param>
/// <param name="Total">Input lines, each written exactly once (to a chunk or to <c>val/</c>).</param>
/// <param name="Chunks">The chunk datasets' names, in order (<c>chunk.00</c>, …).</param>
/// <param name="ChunkLines">Lines in each chunk dataset, held-out head removed.</param>
/// <param name="HeldOutLines">Lines each chunk gave to <c>val/</c> (its head; <c>val/</c> holds them in chunk order).</param>
public sealed record ShuffleCounts(long Seed, long Total, IReadOnlyList<string> Chunks, IReadOnlyList<long> ChunkLines, IReadOnlyList<long> HeldOutLines)
{
    /// <summary>The file's name under the output.</summary>
    public const string FileName = "shuffle-counts.json";
}
