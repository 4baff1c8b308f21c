namespace Sluice.Operators.Search;

/// <summary>
/// The best <see cref="K"/> rows of a vector matrix for each of <see cref="Queries"/> queries, as two row-major
/// [queries × K] arrays. Each query's hits are ordered by score, highest first; equal scores by lower row first.
/// </summary>
public sealed class TopKResult
{
    /// <summary>Wraps result arrays; <paramref name="rows"/> and <paramref name="scores"/> must hold queries × k items.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length.</exception>
    public TopKResult(int queries, int k, int[] rows, float[] scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queries);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (rows.Length != (long)queries * k || scores.Length != rows.Length)
            throw new ArgumentException($"expected {queries} × {k} rows and scores, got {rows.Length} and {scores.Length}");
        Queries = queries;
        K = k;
        Rows = rows;
        Scores = scores;
    }

    /// <summary>Number of queries.</summary>
    public int Queries { get; }

    /// <summary>Hits per query: the k asked for, or fewer when the matrix has fewer rows.</summary>
    public int K { get; }

    /// <summary>Row indices, query-major: query q's hits are <c>Rows[q*K .. q*K+K)</c>.</summary>
    public int[] Rows { get; }

    /// <summary>Scores, laid out like <see cref="Rows"/>.</summary>
    public float[] Scores { get; }

    /// <summary>Query <paramref name="query"/>'s hit rows, best first.</summary>
    public ReadOnlySpan<int> RowsOf(int query) => Rows.AsSpan(query * K, K);

    /// <summary>Query <paramref name="query"/>'s hit scores, best first.</summary>
    public ReadOnlySpan<float> ScoresOf(int query) => Scores.AsSpan(query * K, K);
}
