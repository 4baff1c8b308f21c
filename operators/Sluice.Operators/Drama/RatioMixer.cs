namespace Sluice.Operators.Drama;

/// <summary>
/// Mixing sources by ratio (DRAMA mixes web, multilingual wiki and multilingual web 2:1:1): the largest mix with the
/// given proportions that the available counts allow, and a seeded per-record keep test to sample it. Pure.
/// </summary>
public static class RatioMixer
{
    /// <summary>
    /// The fraction of each source to keep so that kept counts follow <paramref name="weights"/> and the smallest
    /// source (relative to its weight) is kept whole.
    /// </summary>
    /// <exception cref="ArgumentException">A source has no count, a weight is not positive, or no source has records.</exception>
    public static IReadOnlyDictionary<string, double> KeepFractions(IReadOnlyDictionary<string, long> available, IReadOnlyDictionary<string, double> weights)
    {
        if (weights.Count == 0) throw new ArgumentException("no source to mix", nameof(weights));
        foreach (var (name, w) in weights)
        {
            if (!(w > 0)) throw new ArgumentException($"weight of '{name}' must be positive, got {w}", nameof(weights));
            if (!available.ContainsKey(name)) throw new ArgumentException($"no record count for source '{name}'", nameof(available));
        }
        // Records per unit of weight that every source can supply.
        var scale = weights.Min(s => available[s.Key] / s.Value);
        if (scale <= 0) throw new ArgumentException($"source '{weights.MinBy(s => available[s.Key] / s.Value).Key}' has no records: nothing can be mixed");
        return weights.ToDictionary(s => s.Key, s => Math.Min(1.0, scale * s.Value / available[s.Key]));
    }

    /// <summary>Whether the record with <paramref name="id"/> is kept at <paramref name="fraction"/> (seeded, stable across runs).</summary>
    public static bool Keep(string id, double fraction, int seed = 7) => fraction >= 1 || StableHash.Unit(seed, id) < fraction;
}
