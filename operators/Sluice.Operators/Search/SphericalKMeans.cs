namespace Sluice.Operators.Search;

/// <summary>
/// Spherical k-means (centroids are unit vectors, points go to the centroid of highest inner product) on a seeded
/// sample; deterministic because sampling, seeding and assignment (exact search, ties to the lower centroid) are.
/// </summary>
internal static class SphericalKMeans
{
    /// <summary>Trains <paramref name="lists"/> unit centroids, row-major [lists × d].</summary>
    public static float[] Train(ReadOnlyMemory<float> vectors, int d, int lists, IvfOptions options, CancellationToken ct)
    {
        int n = vectors.Length / d;
        var random = new Random(options.Seed);
        var sample = Sample(n, (int)Math.Min(n, (long)lists * options.TrainingRowsPerList), random);
        var points = new float[(long)sample.Length * d];
        var all = vectors.Span;
        for (int i = 0; i < sample.Length; i++) all.Slice(sample[i] * d, d).CopyTo(points.AsSpan(i * d, d));

        // Initial centroids: the first `lists` sample points in a seeded shuffle of the sample.
        var order = Enumerable.Range(0, sample.Length).ToArray();
        random.Shuffle(order);
        var centroids = new float[(long)lists * d];
        for (int c = 0; c < lists; c++) points.AsSpan(order[c] * d, d).CopyTo(centroids.AsSpan(c * d, d));
        Normalize(centroids, d);

        var search = new ExactSearchOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var sums = new double[centroids.Length];
        var sizes = new int[lists];
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            var assigned = InnerProductSearch.Search(centroids, d, points, 1, search, ct).Rows;
            Array.Clear(sums);
            Array.Clear(sizes);
            for (int i = 0; i < assigned.Length; i++)
            {
                int c = assigned[i];
                if (c < 0) continue;
                sizes[c]++;
                var p = points.AsSpan(i * d, d);
                for (int j = 0; j < d; j++) sums[c * d + j] += p[j];
            }
            for (int c = 0; c < lists; c++)
            {
                var centroid = centroids.AsSpan(c * d, d);
                if (sizes[c] == 0)
                {
                    // An empty cluster restarts at a random sample point, as FAISS does, rather than wasting a list.
                    points.AsSpan(random.Next(sample.Length) * d, d).CopyTo(centroid);
                    continue;
                }
                for (int j = 0; j < d; j++) centroid[j] = (float)sums[c * d + j];
            }
            Normalize(centroids, d);
        }
        return centroids;
    }

    /// <summary>Scales each row to unit length; zero rows are left as they are.</summary>
    public static void Normalize(float[] matrix, int d)
    {
        for (int r = 0; r < matrix.Length / d; r++)
        {
            var row = matrix.AsSpan(r * d, d);
            float norm = MathF.Sqrt(DotKernel.Dot(row, row, d));
            if (norm <= 0) continue;
            for (int j = 0; j < d; j++) row[j] /= norm;
        }
    }

    private static int[] Sample(int n, int size, Random random)
    {
        if (size >= n) return Enumerable.Range(0, n).ToArray();
        // Partial Fisher-Yates: the first `size` places become a uniform sample without replacement.
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var sample = all[..size];
        Array.Sort(sample);
        return sample;
    }
}
