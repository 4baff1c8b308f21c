namespace Sluice.Operators.Search.Lexical;

/// <summary>How a <see cref="Bm25Index"/> is built and scored.</summary>
/// <remarks>
/// The defaults k1 = 0.9, b = 0.4 are Anserini's and so Pyserini's (castorini/anserini commit 006b934d,
/// src/main/java/io/anserini/search/SearchCollection.java, after Trotman et al., SIGIR 2012 OSIR workshop), rather than
/// Lucene's 1.2 / 0.75: NEST's hybrid rule was tuned against a Pyserini BM25 index, and the lower b penalises long
/// passages less, which suits chunked passages whose length says little about relevance.
/// </remarks>
public sealed record Bm25Options
{
    /// <summary>Term-frequency saturation: how quickly repeated occurrences of a term stop adding score. Default 0.9.
    /// Used when searching; an index can be searched with any k1.</summary>
    public float K1 { get; init; } = 0.9f;

    /// <summary>Length normalisation, 0 (none) to 1 (full). Default 0.4. Used when searching.</summary>
    public float B { get; init; } = 0.4f;

    /// <summary>The analyser used when building; default <see cref="Bm25Analyzer.English"/>. A loaded index uses the
    /// analyser it was built with, whatever this says.</summary>
    public Bm25Analyzer Analyzer { get; init; } = Bm25Analyzer.English;

    /// <summary>The passage id column (string). Default <c>id</c>.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>The document id column (string). Default <c>doc_id</c>.</summary>
    public string DocIdColumn { get; init; } = "doc_id";

    /// <summary>The indexed text column (string). Default <c>text</c>.</summary>
    public string TextColumn { get; init; } = "text";

    /// <summary>Queries searched at once at most; default all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Where an index on a remote store (s3://) is downloaded to before it is opened; default a folder under
    /// the system temporary directory. Reused while the datastore is unchanged.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k1 is negative, b is outside [0, 1] or the parallelism is below 1.</exception>
    public void Validate()
    {
        if (!(K1 >= 0) || float.IsInfinity(K1)) throw new ArgumentOutOfRangeException(nameof(K1), K1, "k1 must be a finite number ≥ 0");
        if (!(B is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(B), B, "b must lie in [0, 1]");
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
    }
}
