namespace Sluice.Operators.Dedup;

/// <summary>
/// A dedup workflow over JSON Lines documents read as <c>Row</c>s (any columns; kept documents are written unchanged).
/// </summary>
public sealed record DedupOptions
{
    /// <summary>The documents: a JSONL object, folder, glob or dataset URI. Required.</summary>
    public string Input { get; init; } = "";

    /// <summary>Where the kept documents land as a JSONL dataset; removed ones are rejects under its <c>_rejects/</c>. Required.</summary>
    public string Output { get; init; } = "";

    /// <summary>A folder for the intermediate datasets (keys, bands, pairs, removal lists). Required.</summary>
    public string Work { get; init; } = "";

    /// <summary>Which methods run, in order exact → minhash → semantic. Default exact and minhash.</summary>
    public DedupModes Modes { get; init; } = DedupModes.Exact | DedupModes.MinHash;

    /// <summary>The column holding the text. Default <c>text</c>.</summary>
    public string TextColumn { get; init; } = "text";

    /// <summary>The column holding the document id, named in reject reasons. Default <c>id</c>.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>
    /// Exact dedup by this column's value (a URL, a uuid) instead of by the hash of the normalised text. Default null:
    /// by text.
    /// </summary>
    public string? ExactKeyColumn { get; init; }

    /// <summary>Partitions of each exchange (spread over ranks; each holds about 1/Partitions of the keys). Default 16.</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>MinHash-LSH parameters. Default 5-word shingles, 14 bands × 8 rows.</summary>
    public MinHashOptions MinHash { get; init; } = new();

    /// <summary>SemDeDup parameters (used when <see cref="Modes"/> has <see cref="DedupModes.Semantic"/>). Default MiniLM, 1000 clusters, cosine ≥ 0.99.</summary>
    public SemanticDedupOptions Semantic { get; init; } = new();

    /// <summary>JSON bytes a grouping read sorts in memory before it spills to local disk. Default 64 MiB.</summary>
    public long SortBufferBytes { get; init; } = 64L << 20;

    /// <summary>
    /// The most documents that may appear in near-duplicate pairs: the connected-components step holds each of them
    /// (an index entry and its signature, about 1.2 KiB) in memory on rank 0. Default 2,000,000 (about 2.4 GiB).
    /// </summary>
    public int MaxCandidateDocuments { get; init; } = 2_000_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A required URI is missing or a number is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Input)) throw new ArgumentException("DedupOptions.Input is required");
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("DedupOptions.Output is required");
        if (string.IsNullOrWhiteSpace(Work)) throw new ArgumentException("DedupOptions.Work is required");
        if (Modes == DedupModes.None) throw new ArgumentException("DedupOptions.Modes must name at least one method");
        if (string.IsNullOrEmpty(TextColumn)) throw new ArgumentException("DedupOptions.TextColumn is required");
        if (Partitions is < 1 or > Pipelines.Exchange.Partitioning.MaxPartitions)
            throw new ArgumentException($"DedupOptions.Partitions must be 1 to {Pipelines.Exchange.Partitioning.MaxPartitions}, not {Partitions}");
        if (MaxCandidateDocuments < 1) throw new ArgumentException("DedupOptions.MaxCandidateDocuments must be positive");
        MinHash.Validate();
        Semantic.Validate();
    }
}
