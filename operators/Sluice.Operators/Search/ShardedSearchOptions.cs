namespace Sluice.Operators.Search;

/// <summary>How <see cref="ShardedSearch"/> scans a datastore; only <see cref="MaxPerDocument"/> changes results.</summary>
public sealed record ShardedSearchOptions
{
    /// <summary>
    /// At most this many hits per document id (OpenScholar keeps 3 passages per paper); the k hits are then the
    /// best k passages that fewer than this many better passages of the same document precede. Default null: no cap.
    /// </summary>
    public int? MaxPerDocument { get; init; }

    /// <summary>
    /// Shards scanned at once, each by one thread with its own running top-k; memory holds about this many record
    /// batches. Default null, meaning <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Return each hit's passage text in <see cref="SearchHit.Text"/>. Default false.</summary>
    public bool IncludeTexts { get; init; }

    /// <summary>Column names; its <see cref="PassageIndexOptions.IncludeTexts"/> is ignored. Default <see cref="PassageIndexOptions"/> defaults.</summary>
    public PassageIndexOptions Columns { get; init; } = new();

    /// <summary>Queries scored together against one block of vectors. Default 16; at least 1.</summary>
    public int QueryBlock { get; init; } = 16;

    /// <summary>Bytes of float32 vectors in one block scored against every query (kept in L2). Default 256 KiB.</summary>
    public int VectorBlockBytes { get; init; } = 256 << 10;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxPerDocument is < 1) throw new ArgumentOutOfRangeException(nameof(MaxPerDocument), MaxPerDocument, "must be at least 1");
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(QueryBlock, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(VectorBlockBytes, 1);
    }
}
