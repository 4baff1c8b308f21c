using System.Text.Json;
using Sluice.Operators.Dedup;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Dedup;

/// <summary>A document and an edited copy of it, with the true Jaccard similarity of their shingle sets.</summary>
internal sealed record PlantedPair(string Original, string Variant, double Jaccard);

/// <summary>
/// Plants near-duplicates of real documents (the bundled SciFact abstracts): word swaps, replacements, deletions and
/// insertions at a drawn edit rate, sometimes a truncated tail or appended boilerplate, and measures each pair's
/// true Jaccard similarity over shingles built exactly as <see cref="MinHashSigner"/> builds them.
/// </summary>
internal static class NearDuplicatePlanter
{
    private static readonly string[] Boilerplate =
    [
        "Copyright the authors. All rights reserved.",
        "Click here to subscribe to our newsletter and receive updates every week.",
        "This article is distributed under the terms of an open licence. Cite the original work when reusing it.",
    ];

    private static readonly Lazy<string[]> Abstracts = new(() =>
        File.ReadLines(RepoPaths.ScifactAbstracts)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .Where(text => text.Split(' ').Length >= 80)
            .ToArray());

    /// <summary>The real documents the pairs are made from.</summary>
    public static IReadOnlyList<string> Documents => Abstracts.Value;

    /// <summary>The shingle set of <paramref name="text"/>, by the signer's rule (fewer words than n: one shingle).</summary>
    public static HashSet<string> Shingles(string text, int n)
    {
        var words = DedupText.Words(DedupText.Normalize(text));
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count == 0) return set;
        var span = Math.Min(n, words.Count);
        for (var k = 0; k + span <= words.Count; k++) set.Add(string.Join(' ', words.GetRange(k, span)));
        return set;
    }

    /// <summary>|A ∩ B| / |A ∪ B| of the two texts' shingle sets.</summary>
    public static double TrueJaccard(string a, string b, int n)
    {
        var sa = Shingles(a, n);
        var sb = Shingles(b, n);
        var inter = sa.Count(sb.Contains);
        return (double)inter / (sa.Count + sb.Count - inter);
    }

    /// <summary>
    /// Draws pairs until every band [lo, lo + 0.1) from 0.5 to 1.0 holds <paramref name="perBand"/> pairs (pairs
    /// beyond that, and below 0.5, are dropped). Deterministic for a seed.
    /// </summary>
    public static List<PlantedPair>[] PlantByBand(int seed, int perBand, int n)
    {
        var random = new Random(seed);
        var bands = Enumerable.Range(0, 5).Select(_ => new List<PlantedPair>()).ToArray();
        var vocabulary = Documents.SelectMany(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal).ToArray();
        for (var attempt = 0; bands.Any(b => b.Count < perBand); attempt++)
        {
            if (attempt > 200 * perBand) throw new InvalidOperationException("planting did not fill every band");
            var original = Documents[random.Next(Documents.Count)];
            // Edit rates up to 10 % of words span Jaccard ~0.45-1.0 for 5-word shingles (each edit breaks up to n).
            var rate = 0.1 * Math.Pow(random.NextDouble(), 1.3);
            var variant = Edit(original, rate, random, vocabulary);
            var jaccard = TrueJaccard(original, variant, n);
            if (jaccard < 0.5 || jaccard >= 1.0) continue;
            var band = Math.Min(4, (int)((jaccard - 0.5) * 10));
            if (bands[band].Count < perBand) bands[band].Add(new PlantedPair(original, variant, jaccard));
        }
        return bands;
    }

    private static string Edit(string text, double rate, Random random, string[] vocabulary)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (random.NextDouble() >= rate) continue;
            switch (random.Next(4))
            {
                case 0 when i + 1 < words.Count:
                    (words[i], words[i + 1]) = (words[i + 1], words[i]);
                    break;
                case 1:
                    words[i] = vocabulary[random.Next(vocabulary.Length)];
                    break;
                case 2:
                    words.RemoveAt(i);
                    break;
                default:
                    words.Insert(i, vocabulary[random.Next(vocabulary.Length)]);
                    i++;
                    break;
            }
        }
        if (random.Next(4) == 0) words.RemoveRange(words.Count - words.Count / 20, words.Count / 20);
        if (random.Next(4) == 0) words.AddRange(Boilerplate[random.Next(Boilerplate.Length)].Split(' '));
        return string.Join(' ', words);
    }
}
