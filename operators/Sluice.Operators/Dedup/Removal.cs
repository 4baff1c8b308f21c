using Sluice.Pipelines.Exchange;

namespace Sluice.Operators.Dedup;

/// <summary>A document a dedup method removes, and the one it keeps in its place.</summary>
/// <param name="Unit">The removed document's work unit.</param>
/// <param name="Position">Its position in the unit.</param>
/// <param name="Id">Its id.</param>
/// <param name="KeptUnit">The kept document's work unit.</param>
/// <param name="KeptPosition">The kept document's position.</param>
/// <param name="KeptId">The kept document's id.</param>
/// <param name="Rule">What found it: <c>exact</c>, <c>exact-key</c>, <c>minhash</c>, <c>semantic</c> or <c>phash</c>.</param>
/// <param name="Similarity">1 for exact duplicates; the estimated Jaccard (minhash) or cosine (semantic); for <c>phash</c>, the Hamming distance between the perceptual hashes.</param>
/// <param name="Detail">The rule's parameters, for the reason (e.g. <c>14 bands x 8 rows over word 5-grams</c>).</param>
public sealed record Removal(string Unit, long Position, string? Id, string KeptUnit, long KeptPosition, string? KeptId,
    string Rule, double Similarity, string Detail)
{
    /// <summary>The removed document's origin.</summary>
    public RecordOrigin Origin => new(Unit, Position);

    /// <summary>The reject reason: the rule, the kept document's id and origin, and the similarity.</summary>
    public string Reason() => Rule switch
    {
        "minhash" => $"near duplicate of {KeptId ?? "(no id)"} at {KeptUnit}:{KeptPosition}: estimated Jaccard {Similarity:0.000} ({Detail})",
        "phash" => $"perceptual duplicate of {KeptId ?? "(no id)"} at {KeptUnit}:{KeptPosition}: pHash distance {Similarity:0} ({Detail})",
        "semantic" => $"semantic duplicate of {KeptId ?? "(no id)"} at {KeptUnit}:{KeptPosition}: cosine {Similarity:0.000} ({Detail})",
        _ => $"exact duplicate of {KeptId ?? "(no id)"} at {KeptUnit}:{KeptPosition} ({Detail})",
    };
}
