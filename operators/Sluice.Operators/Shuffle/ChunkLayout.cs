namespace Sluice.Operators.Shuffle;

/// <summary>
/// Where each line of the shuffled order goes. Line <c>g</c> (0-based, in key order) is line <c>g / Chunks</c> of chunk
/// <c>g mod Chunks</c>, as <c>split -n r/N</c> deals lines; the first <see cref="HeldOutPerChunk"/> lines of a chunk are
/// held out. The ranked exchange has <see cref="UnitsPerChunk"/> + 1 slices per chunk: slice 0 holds the held-out head,
/// slices 1… cut the rest of the chunk into consecutive, near-equal runs, so each is one work unit of the chunk's stage
/// and reading them in order gives the chunk in order.
/// </summary>
/// <param name="Total">Lines in the whole input.</param>
/// <param name="Chunks">Chunks (at least 1).</param>
/// <param name="HeldOutPerChunk">Lines held out from the head of each chunk.</param>
/// <param name="UnitsPerChunk">Slices after the held-out head (at least 1).</param>
public sealed record ChunkLayout(long Total, int Chunks, int HeldOutPerChunk, int UnitsPerChunk)
{
    /// <summary>Slices per chunk, the held-out head included.</summary>
    public int SlicesPerChunk => UnitsPerChunk + 1;

    /// <summary>Partitions of the ranked exchange: one per slice.</summary>
    public int Slices => Chunks * SlicesPerChunk;

    /// <summary>Lines dealt to chunk <paramref name="chunk"/>, held-out head included: chunks differ by at most one line.</summary>
    public long LinesIn(int chunk) => Total / Chunks + (chunk < Total % Chunks ? 1 : 0);

    /// <summary>Lines held out from chunk <paramref name="chunk"/>: <see cref="HeldOutPerChunk"/>, or the whole chunk when shorter.</summary>
    public long HeldOutIn(int chunk) => Math.Min(HeldOutPerChunk, LinesIn(chunk));

    /// <summary>The slice of line <paramref name="line"/> of the shuffled order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The line is not in <c>[0, Total)</c>.</exception>
    public int SliceOf(long line)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(line, Total);
        var chunk = (int)(line % Chunks);
        var index = line / Chunks;
        var head = HeldOutIn(chunk);
        if (index < head) return chunk * SlicesPerChunk;
        var rest = LinesIn(chunk) - head;
        return chunk * SlicesPerChunk + 1 + (int)((Int128)(index - head) * UnitsPerChunk / rest);
    }

    /// <summary>The held-out slice of chunk <paramref name="chunk"/>.</summary>
    public int HeldOutSlice(int chunk) => chunk * SlicesPerChunk;

    /// <summary>The slices holding chunk <paramref name="chunk"/>'s lines after its held-out head, in order.</summary>
    public IEnumerable<int> ChunkSlices(int chunk) => Enumerable.Range(chunk * SlicesPerChunk + 1, UnitsPerChunk);

    /// <summary>
    /// A 64-bit hash that the exchange maps onto partition <paramref name="slice"/> of <see cref="Slices"/>: the least
    /// <c>h</c> with <c>h × Slices / 2^64 ≥ slice</c> (<see cref="Pipelines.Exchange.Partitioning.Of"/>).
    /// </summary>
    public ulong HashOfSlice(int slice) => (ulong)((((UInt128)(ulong)slice << 64) + (ulong)Slices - 1) / (ulong)Slices);
}
