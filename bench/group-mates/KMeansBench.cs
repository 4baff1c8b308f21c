using System.Diagnostics;
using System.Text.Json;
using Sluice.Operators.Clustering;
using Sluice.Operators.Selection;

namespace Sluice.Bench.GroupMates;

/// <summary>Seconds per k-means iteration on n × d unit vectors: Sluice's CosineKMeans, then FAISS and scikit-learn in a child process.</summary>
internal static class KMeansBench
{
    public static async Task<int> RunAsync(int n, int d, int k, int iterations, string dataDir, bool ompPassive, bool openBlas)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, $"kmeans-{n}x{d}.f32");
        var vectors = Planted(n, d, 1000, seed: 42);
        if (!File.Exists(path) || new FileInfo(path).Length != (long)n * d * 4)
            await File.WriteAllBytesAsync(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan()).ToArray());

        var options = new CosineKMeansOptions { Clusters = k, Iterations = iterations, Seed = 1, Init = CosineKMeansInit.Random };
        var clock = Stopwatch.StartNew();
        var result = CosineKMeans.Fit(vectors, d, options);
        double total = clock.Elapsed.TotalSeconds;
        var sluice = new
        {
            seconds_per_iteration = total / iterations,
            mean_iteration_seconds = result.IterationSeconds.Average(),
            min_iteration_seconds = result.IterationSeconds.Min(),
            threads = Environment.ProcessorCount,
            empty_reseeded = result.EmptyClustersReseeded,
        };
        Console.WriteLine($"sluice CosineKMeans: {sluice.seconds_per_iteration:F2} s/iter (wall incl. init and final assignment; mean iteration {sluice.mean_iteration_seconds:F2} s, min {sluice.min_iteration_seconds:F2} s)");

        var script = Path.Combine(AppContext.BaseDirectory, "kmeans-faiss.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", [script, path, d.ToString(), k.ToString(), iterations.ToString()]) { RedirectStandardOutput = true };
        // OpenMP threads spin while they wait by default; on a machine shared with other work that costs FAISS and
        // scikit-learn dearly, so --omp-passive measures them with OMP_WAIT_POLICY=PASSIVE as well.
        if (ompPassive) psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        // Debian picks libblas.so.3 by update-alternatives; --openblas points this child at OpenBLAS whatever the
        // machine-wide choice is (FAISS and scikit-learn run their distance GEMMs through it).
        if (openBlas) psi.Environment["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine(output.Trim());
        var report = new { n, d, k, iterations, omp_wait_policy = ompPassive ? "PASSIVE" : "default", blas = openBlas ? "openblas-pthread" : "system alternative", machine = Environment.MachineName, load = File.ReadAllText("/proc/loadavg").Trim(), sluice, python = output.Trim() };
        var resultPath = Path.Combine(dataDir, $"kmeans-results{(openBlas ? "-openblas" : "")}{(ompPassive ? "-omp-passive" : "")}.json");
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"written {resultPath}");
        return process.ExitCode;
    }

    /// <summary>Unit vectors around <paramref name="centres"/> random unit centres (noise comparable to the centre), seeded.</summary>
    public static float[] Planted(int n, int d, int centres, int seed)
    {
        var random = new Random(seed);
        var c = new float[centres * d];
        for (int i = 0; i < c.Length; i++) c[i] = Gaussian(random);
        CosineKMeans.NormalizeRows(c, d);
        var x = new float[(long)n * d];
        float sigma = 1.2f / MathF.Sqrt(d);
        for (int i = 0; i < n; i++)
        {
            int centre = random.Next(centres);
            for (int j = 0; j < d; j++) x[(long)i * d + j] = c[centre * d + j] + sigma * Gaussian(random);
        }
        CosineKMeans.NormalizeRows(x, d);
        return x;
    }

    private static float Gaussian(Random r) => (float)(Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()));
}
