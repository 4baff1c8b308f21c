using Apache.Arrow;

namespace Sluice.Operators.Search;

/// <summary>
/// Each query's best k passages seen so far, at most <c>maxPerDocument</c> of them from one document, kept best
/// first with their ids (so a scan need not keep the store's id columns). "Better" is a higher score, then a lower
/// key, the order <see cref="TopKHeaps"/> uses; keys are <c>(shard &lt;&lt; 32) | row in shard</c>, which sort like
/// global row numbers. Not thread-safe: each scanning thread fills its own and they are merged with
/// <see cref="MergeFrom"/>.
/// </summary>
/// <remarks>
/// With a cap the answer is the k best of E, where E holds each passage that fewer than N better passages of its
/// own document precede. Only the kept k matter for deciding membership of E: a passage better than the current
/// k-th that was dropped earlier can only have been dropped because N better passages of its document were kept,
/// and those (or better ones of that document that replaced them) are still kept. So an offer is refused when N
/// kept passages of its document beat it; otherwise it goes in, replacing that document's worst kept passage
/// when the document already has N kept, else the overall worst. Per-shard results merged this way equal the
/// scan of the whole store: a passage's rank among a subset's E is never worse than its rank in the whole's E.
/// </remarks>
internal sealed class PassageTopK
{
    private readonly int _k;
    private readonly int _maxPerDocument;
    private readonly float[] _scores;
    private readonly long[] _keys;
    private readonly string[] _ids;
    private readonly string[] _docIds;
    private readonly string?[] _texts;
    private readonly int[] _counts;

    /// <summary>Empty results for <paramref name="queries"/> queries; <paramref name="maxPerDocument"/> ≥ k means no cap.</summary>
    public PassageTopK(int queries, int k, int maxPerDocument)
    {
        _k = k;
        _maxPerDocument = maxPerDocument;
        long size = (long)queries * k;
        _scores = new float[size];
        _keys = new long[size];
        _ids = new string[size];
        _docIds = new string[size];
        _texts = new string?[size];
        _counts = new int[queries];
    }

    private bool Capped => _maxPerDocument < _k;

    /// <summary>The score a candidate must reach to be offered (ties are settled by key); -∞ while not full.</summary>
    public float Threshold(int query) => _counts[query] < _k ? float.NegativeInfinity : _scores[query * _k + _k - 1];

    /// <summary>Offers row <paramref name="row"/> of a batch; its ids are read only when it is kept.</summary>
    public void Offer(int query, float score, long key, StringArray ids, StringArray docIds, StringArray? texts, int row)
    {
        if (!Admits(query, score, key, out int at)) return;
        string docId = docIds.GetString(row) ?? "";
        if (Capped && !MakeRoomForDocument(query, docId, at)) return;
        Insert(query, at, score, key, ids.GetString(row) ?? throw new InvalidDataException($"passage {key & uint.MaxValue}: id is null"),
            docId, texts?.GetString(row));
    }

    /// <summary>Offers every passage <paramref name="other"/> kept.</summary>
    public void MergeFrom(PassageTopK other)
    {
        for (int q = 0; q < _counts.Length; q++)
            for (int i = q * _k, end = i + other._counts[q]; i < end; i++)
            {
                if (!Admits(q, other._scores[i], other._keys[i], out int at)) continue;
                if (Capped && !MakeRoomForDocument(q, other._docIds[i], at)) continue;
                Insert(q, at, other._scores[i], other._keys[i], other._ids[i], other._docIds[i], other._texts[i]);
            }
    }

    /// <summary>Query <paramref name="query"/>'s kept passages, best first, with rows from <paramref name="rowOf"/>.</summary>
    public IReadOnlyList<SearchHit> Hits(int query, Func<long, int> rowOf)
    {
        var hits = new SearchHit[_counts[query]];
        for (int i = 0; i < hits.Length; i++)
        {
            int at = query * _k + i;
            hits[i] = new SearchHit(rowOf(_keys[at]), _ids[at], _docIds[at], _scores[at], _texts[at]);
        }
        return hits;
    }

    // Finds where (score, key) goes among the query's kept passages; false when it cannot enter (or is NaN).
    private bool Admits(int query, float score, long key, out int at)
    {
        at = 0;
        if (_k == 0 || float.IsNaN(score)) return false;
        int root = query * _k, count = _counts[query];
        if (count == _k && !Better(score, key, _scores[root + count - 1], _keys[root + count - 1])) return false;
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (Better(_scores[root + mid], _keys[root + mid], score, key)) lo = mid + 1;
            else hi = mid;
        }
        at = lo;
        return true;
    }

    // With the cap: false when maxPerDocument kept passages of the document are better than place `at`; when the
    // document already has that many kept, its worst (which is after `at`) is removed to make room.
    private bool MakeRoomForDocument(int query, string docId, int at)
    {
        int root = query * _k, count = _counts[query], before = 0, same = 0, worst = -1;
        for (int i = 0; i < count; i++)
        {
            if (!string.Equals(_docIds[root + i], docId, StringComparison.Ordinal)) continue;
            if (i < at) before++;
            same++;
            worst = i;
        }
        if (before >= _maxPerDocument) return false;
        if (same >= _maxPerDocument) Remove(query, worst);
        return true;
    }

    private void Remove(int query, int index)
    {
        int root = query * _k, count = _counts[query], tail = count - index - 1;
        System.Array.Copy(_scores, root + index + 1, _scores, root + index, tail);
        System.Array.Copy(_keys, root + index + 1, _keys, root + index, tail);
        System.Array.Copy(_ids, root + index + 1, _ids, root + index, tail);
        System.Array.Copy(_docIds, root + index + 1, _docIds, root + index, tail);
        System.Array.Copy(_texts, root + index + 1, _texts, root + index, tail);
        _counts[query] = count - 1;
    }

    private void Insert(int query, int at, float score, long key, string id, string docId, string? text)
    {
        int root = query * _k, count = _counts[query];
        // A full list drops its worst to make room.
        int tail = Math.Min(count, _k - 1) - at;
        System.Array.Copy(_scores, root + at, _scores, root + at + 1, tail);
        System.Array.Copy(_keys, root + at, _keys, root + at + 1, tail);
        System.Array.Copy(_ids, root + at, _ids, root + at + 1, tail);
        System.Array.Copy(_docIds, root + at, _docIds, root + at + 1, tail);
        System.Array.Copy(_texts, root + at, _texts, root + at + 1, tail);
        _scores[root + at] = score;
        _keys[root + at] = key;
        _ids[root + at] = id;
        _docIds[root + at] = docId;
        _texts[root + at] = text;
        _counts[query] = Math.Min(count + 1, _k);
    }

    private static bool Better(float s1, long k1, float s2, long k2) => s1 > s2 || (s1 == s2 && k1 < k2);
}
