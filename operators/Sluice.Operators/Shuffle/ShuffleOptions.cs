using Sluice.Storage.Formats;

namespace Sluice.Operators.Shuffle;

/// <summary>
/// A global shuffle of a JSON Lines corpus into chunks with held-out lines, after the Memory Layers data preparation
/// (facebookresearch/memory <c>setup/download_prepare_hf_data.py</c>, commit 7f85280cee4a4696f5e0444d5657dc09282408ff:
/// terashuf with a seed, <c>split -n r/32</c>, the first 10,000 lines of each chunk moved to the validation file).
/// </summary>
public sealed record ShuffleOptions
{
    /// <summary>The records: a JSONL object, folder, glob or dataset URI. Required.</summary>
    public string Input { get; init; } = "";

    /// <summary>
    /// Where the chunks land: one JSONL dataset per chunk, <c>chunk.00/</c>, <c>chunk.01/</c>, …, the held-out lines as
    /// the dataset <c>val/</c> and the counts as <c>shuffle-counts.json</c>. Required.
    /// </summary>
    public string Output { get; init; } = "";

    /// <summary>A folder for the two exchanges (keyed and ranked records). Required.</summary>
    public string Work { get; init; } = "";

    /// <summary>The shuffle's seed: the same seed and input give the same chunks on any rank count. Default 42 (the reference's).</summary>
    public long Seed { get; init; } = 42;

    /// <summary>How many chunks the shuffled lines are dealt into, round-robin. Default 32 (the reference's).</summary>
    public int Chunks { get; init; } = 32;

    /// <summary>Lines taken from the head of each chunk into <c>val/</c>. Default 10,000 (the reference's); 0 holds none out.</summary>
    public int HeldOutPerChunk { get; init; } = 10_000;

    /// <summary>Partitions of the key exchange; each is sorted by one work unit. Default 16.</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>
    /// Work units that write each chunk (its lines after the held-out head, cut into this many consecutive slices), so a
    /// chunk is written by several ranks at once. Each unit of the ranking stage keeps one open shard per slice, so
    /// <see cref="Chunks"/> × (this + 1) bounds its open shards. Default 1.
    /// </summary>
    public int UnitsPerChunk { get; init; } = 1;

    /// <summary>JSON bytes a partition sorts in memory before it spills to local disk. Default 64 MiB.</summary>
    public long SortBufferBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Compression of the two exchanges under <see cref="Work"/>. Default Zstandard (smallest on disk); each open
    /// exchange shard holds its compressor, so <see cref="Compression.None"/> or gzip use less memory in the ranking
    /// stage, which keeps <see cref="Chunks"/> × (<see cref="UnitsPerChunk"/> + 1) shards open per unit.
    /// </summary>
    public Compression ExchangeCompression { get; init; } = Compression.Zstd;

    /// <summary>Compression of the chunk and held-out datasets. Default gzip.</summary>
    public Compression Compression { get; init; } = Compression.Gzip;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A required URI is missing or a number is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Input)) throw new ArgumentException("ShuffleOptions.Input is required");
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("ShuffleOptions.Output is required");
        if (string.IsNullOrWhiteSpace(Work)) throw new ArgumentException("ShuffleOptions.Work is required");
        if (Chunks is < 1 or > 100) throw new ArgumentException($"ShuffleOptions.Chunks must be 1 to 100 (two-digit chunk names), not {Chunks}");
        if (HeldOutPerChunk < 0) throw new ArgumentException($"ShuffleOptions.HeldOutPerChunk must be 0 or more, not {HeldOutPerChunk}");
        if (UnitsPerChunk < 1) throw new ArgumentException($"ShuffleOptions.UnitsPerChunk must be positive, not {UnitsPerChunk}");
        var max = Pipelines.Exchange.Partitioning.MaxPartitions;
        if (Partitions is < 1 || Partitions > max) throw new ArgumentException($"ShuffleOptions.Partitions must be 1 to {max}, not {Partitions}");
        if ((long)Chunks * (UnitsPerChunk + 1) > max)
            throw new ArgumentException($"ShuffleOptions.Chunks × (UnitsPerChunk + 1) must be at most {max}");
        if (SortBufferBytes < 1) throw new ArgumentException("ShuffleOptions.SortBufferBytes must be positive");
    }
}
