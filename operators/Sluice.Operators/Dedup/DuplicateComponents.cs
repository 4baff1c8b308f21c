using Sluice.Pipelines.Exchange;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Connected components of the near-duplicate graph (union-find with path halving and union by size), for the
/// components steps on rank 0 (MinHash, perceptual hashes). Each component keeps its first document in input order (the least
/// <see cref="RecordOrigin"/>); every other member is removed in its favour. Memory: one entry per document that
/// appears in a pair, bounded by <paramref name="maxDocuments"/>.
/// </summary>
/// <param name="maxDocuments">The most documents that may appear in pairs (<see cref="DedupOptions.MaxCandidateDocuments"/>).</param>
public sealed class DuplicateComponents(int maxDocuments)
{
    private readonly Dictionary<RecordOrigin, int> _index = [];
    private readonly List<RecordOrigin> _origins = [];
    private readonly List<string?> _ids = [];
    private readonly List<int> _parent = [];
    private readonly List<int> _size = [];

    /// <summary>Documents seen in pairs so far.</summary>
    public int Count => _origins.Count;

    /// <summary>The index of a document seen in a pair, or -1.</summary>
    public int IndexOf(RecordOrigin origin) => _index.GetValueOrDefault(origin, -1);

    /// <summary>Joins the two documents of a pair.</summary>
    /// <exception cref="InvalidOperationException">More documents than allowed appear in pairs; the message says which option raises the bound.</exception>
    public void Add(DuplicatePair pair)
    {
        var a = Find(Node(new RecordOrigin(pair.FirstUnit, pair.FirstPosition), pair.FirstId));
        var b = Find(Node(new RecordOrigin(pair.Unit, pair.Position), pair.Id));
        if (a == b) return;
        if (_size[a] < _size[b]) (a, b) = (b, a);
        _parent[b] = a;
        _size[a] += _size[b];
    }

    /// <summary>
    /// Every document that is not its component's first, with its component's first: (removed index, kept index), in
    /// input order of the removed documents.
    /// </summary>
    public IEnumerable<(int Removed, int Kept, RecordOrigin RemovedOrigin, RecordOrigin KeptOrigin, string? RemovedId, string? KeptId)> Removals()
    {
        var first = new Dictionary<int, int>();
        for (var i = 0; i < _origins.Count; i++)
        {
            var root = Find(i);
            if (!first.TryGetValue(root, out var f) || _origins[i].CompareTo(_origins[f]) < 0) first[root] = i;
        }
        var order = Enumerable.Range(0, _origins.Count).OrderBy(i => _origins[i]);
        foreach (var i in order)
        {
            var kept = first[Find(i)];
            if (kept != i) yield return (i, kept, _origins[i], _origins[kept], _ids[i], _ids[kept]);
        }
    }

    private int Node(RecordOrigin origin, string? id)
    {
        if (_index.TryGetValue(origin, out var i)) return i;
        if (_origins.Count >= maxDocuments)
            throw new InvalidOperationException($"more than {maxDocuments:N0} documents appear in near-duplicate pairs: the components step holds each in memory; " +
                "raise DedupOptions.MaxCandidateDocuments if rank 0 has the memory (about 1.2 KiB each)");
        i = _origins.Count;
        _index[origin] = i;
        _origins.Add(origin);
        _ids.Add(id);
        _parent.Add(i);
        _size.Add(1);
        return i;
    }

    private int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }
        return i;
    }
}
