using Sluice.Storage.Objects;

namespace Sluice.Operators.Dedup;

/// <summary>The intermediate datasets of a dedup workflow, under its work folder.</summary>
internal sealed record DedupPaths(string Work)
{
    public string ExactKeys => ObjectStores.Join(Work, "exact-keys");
    public string ExactRemovals => ObjectStores.Join(Work, "exact-removals");
    public string Bands => ObjectStores.Join(Work, "minhash-bands");
    public string Signatures => ObjectStores.Join(Work, "minhash-signatures");
    public string Pairs => ObjectStores.Join(Work, "minhash-pairs");
    public string MinHashRemovals => ObjectStores.Join(Work, "minhash-removals");
    public string SemanticVectors => ObjectStores.Join(Work, "semantic-vectors");
    public string Centroids => ObjectStores.Join(Work, "semantic-centroids");
    public string SemanticClusters => ObjectStores.Join(Work, "semantic-clusters");
    public string SemanticRemovals => ObjectStores.Join(Work, "semantic-removals");

    /// <summary>The removal lists the enabled methods write, in the order they run.</summary>
    public IReadOnlyList<string> RemovalsOf(DedupModes modes)
    {
        var lists = new List<string>();
        if (modes.HasFlag(DedupModes.Exact)) lists.Add(ExactRemovals);
        if (modes.HasFlag(DedupModes.MinHash)) lists.Add(MinHashRemovals);
        if (modes.HasFlag(DedupModes.Semantic)) lists.Add(SemanticRemovals);
        return lists;
    }
}
