namespace Sluice.Operators.Search;

/// <summary>
/// One bounded heap of (score, row) per query, each holding that query's best k so far with the worst at its root.
/// "Better" is a higher score, then a lower row, a total order over distinct rows, so the best k of a union is the
/// best k of the parts' best k whatever the split: that is what makes merged thread results deterministic.
/// Not thread-safe: each thread fills its own and they are merged.
/// </summary>
internal sealed class TopKHeaps
{
    private static readonly Comparer<(float Score, int Row)> s_bestFirst =
        Comparer<(float Score, int Row)>.Create((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Row.CompareTo(y.Row));

    private readonly int _k;
    private readonly float[] _scores;
    private readonly int[] _rows;
    private readonly int[] _counts;

    public TopKHeaps(int queries, int k)
    {
        _k = k;
        _scores = new float[(long)queries * k];
        _rows = new int[_scores.Length];
        _counts = new int[queries];
    }

    public int Queries => _counts.Length;

    /// <summary>The score a candidate must reach to be considered (ties are settled by row); -∞ while not full.</summary>
    public float Threshold(int query) => _counts[query] < _k ? float.NegativeInfinity : _scores[query * _k];

    /// <summary>Offers (score, row) to query <paramref name="query"/>'s heap.</summary>
    public void Push(int query, float score, int row)
    {
        if (_k == 0 || float.IsNaN(score)) return;
        int root = query * _k;
        int count = _counts[query];
        if (count < _k)
        {
            // Sift up from the new leaf.
            int i = count;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Worse(score, row, _scores[root + parent], _rows[root + parent])) break;
                _scores[root + i] = _scores[root + parent];
                _rows[root + i] = _rows[root + parent];
                i = parent;
            }
            _scores[root + i] = score;
            _rows[root + i] = row;
            _counts[query] = count + 1;
            return;
        }
        if (!Worse(_scores[root], _rows[root], score, row)) return;
        // Replace the worst (root) and sift down.
        int at = 0;
        while (true)
        {
            int child = 2 * at + 1;
            if (child >= _k) break;
            if (child + 1 < _k && Worse(_scores[root + child + 1], _rows[root + child + 1], _scores[root + child], _rows[root + child])) child++;
            if (!Worse(_scores[root + child], _rows[root + child], score, row)) break;
            _scores[root + at] = _scores[root + child];
            _rows[root + at] = _rows[root + child];
            at = child;
        }
        _scores[root + at] = score;
        _rows[root + at] = row;
    }

    /// <summary>Offers every entry of <paramref name="other"/> to this.</summary>
    public void MergeFrom(TopKHeaps other)
    {
        for (int q = 0; q < _counts.Length; q++)
            for (int i = 0; i < other._counts[q]; i++) Push(q, other._scores[q * _k + i], other._rows[q * _k + i]);
    }

    /// <summary>
    /// Writes the first <paramref name="queries"/> queries' entries best first into [queries × kOut] spans
    /// (kOut ≤ k); places a heap cannot fill get row -1 and score -∞.
    /// </summary>
    public void CopySorted(int kOut, int queries, Span<int> rows, Span<float> scores)
    {
        var order = new (float Score, int Row)[_k];
        for (int q = 0; q < queries; q++)
        {
            int n = _counts[q];
            for (int i = 0; i < n; i++) order[i] = (_scores[q * _k + i], _rows[q * _k + i]);
            Array.Sort(order, 0, n, s_bestFirst);
            for (int i = 0; i < kOut; i++)
            {
                rows[q * kOut + i] = i < n ? order[i].Row : -1;
                scores[q * kOut + i] = i < n ? order[i].Score : float.NegativeInfinity;
            }
        }
    }

    private static bool Worse(float s1, int r1, float s2, int r2) => s1 < s2 || (s1 == s2 && r1 > r2);
}
