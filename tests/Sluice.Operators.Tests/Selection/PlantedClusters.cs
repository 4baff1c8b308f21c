using Sluice.Operators.Clustering;

namespace Sluice.Operators.Tests.Selection;

/// <summary>Unit vectors scattered tightly around k random unit centres, in a seeded shuffle.</summary>
internal static class PlantedClusters
{
    public static (float[] Vectors, int[] Labels) Make(int k, int perCluster, int d, float noise, int seed)
    {
        var random = new Random(seed);
        var centres = new float[k * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = Gaussian(random);
        CosineKMeans.NormalizeRows(centres, d);
        int n = k * perCluster;
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var vectors = new float[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = order[i] % k;
            labels[i] = c;
            for (int j = 0; j < d; j++) vectors[i * d + j] = centres[c * d + j] + noise * Gaussian(random);
        }
        CosineKMeans.NormalizeRows(vectors, d);
        return (vectors, labels);
    }

    public static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>Fraction of points whose cluster's majority label is their own label.</summary>
    public static double Purity(int[] assignments, int[] labels, int k)
    {
        return assignments.Select((c, i) => (c, label: labels[i])).GroupBy(p => p.c)
            .Sum(g => g.GroupBy(p => p.label).Max(l => l.Count())) / (double)assignments.Length;
    }
}
