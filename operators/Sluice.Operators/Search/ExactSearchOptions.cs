namespace Sluice.Operators.Search;

/// <summary>How <see cref="InnerProductSearch"/> splits the work; results do not depend on these settings.</summary>
public sealed record ExactSearchOptions
{
    /// <summary>Threads used at most. Default <c>null</c>, meaning <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Queries scored together against one block of vectors (kept in L1). Default 16; at least 1.</summary>
    public int QueryBlock { get; init; } = 16;

    /// <summary>
    /// Bytes of vectors in one block, scored against every query before the next block (kept in L2).
    /// Default 256 KiB (about 170 rows of 384 floats); at least one row is used.
    /// </summary>
    public int VectorBlockBytes { get; init; } = 256 << 10;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(QueryBlock, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(VectorBlockBytes, 1);
    }
}
