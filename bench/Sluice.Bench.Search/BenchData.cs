using System.Text;
using System.Text.Json;
using Sluice.Operators.Embedding;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Bench.Search;

/// <summary>Seeded synthetic unit vectors, written as a real datastore (Arrow shards + manifest) and as .npy for FAISS.</summary>
internal static class BenchData
{
    /// <summary>
    /// Row-major [rows × d] unit vectors: uniform on the sphere when <paramref name="clusters"/> is 0, else a mixture
    /// around that many random centres (noise of norm about <paramref name="spread"/> times the centre's).
    /// </summary>
    /// Centres depend only on <paramref name="clusters"/> and <paramref name="d"/>, so data and queries drawn with
    /// different seeds share them.
    public static float[] UnitVectors(int rows, int d, int seed, int clusters = 0, float spread = 0.5f)
    {
        var centres = clusters > 0 ? UnitVectors(clusters, d, 0x5bd1e995 + clusters) : null;
        var m = new float[(long)rows * d];
        const int chunk = 4096;
        Parallel.For(0, (rows + chunk - 1) / chunk, c =>
        {
            // One generator per chunk, seeded by the chunk: the data does not depend on thread scheduling.
            var random = new Random(HashCode.Combine(seed, c));
            for (int r = c * chunk; r < Math.Min(rows, (c + 1) * chunk); r++)
            {
                var row = m.AsSpan(r * d, d);
                float noise = centres is null ? 1f : spread / MathF.Sqrt(d);
                for (int j = 0; j < d; j++) row[j] = noise * Gaussian(random);
                if (centres is not null)
                {
                    var centre = centres.AsSpan(random.Next(clusters) * d, d);
                    for (int j = 0; j < d; j++) row[j] += centre[j];
                }
                float norm = 0;
                for (int j = 0; j < d; j++) norm += row[j] * row[j];
                norm = MathF.Sqrt(norm);
                for (int j = 0; j < d; j++) row[j] /= norm;
            }
        });
        return m;
    }

    /// <summary>Writes <paramref name="vectors"/> as an EmbeddedPassage datastore of <paramref name="shards"/> shards.</summary>
    public static async Task WriteDatastoreAsync(string dir, float[] vectors, int d, int shards)
    {
        Directory.CreateDirectory(dir);
        int n = vectors.Length / d, perShard = (n + shards - 1) / shards;
        var outputs = new List<SinkOutput>();
        for (int s = 0; s < shards; s++)
        {
            var key = $"part-{s:D5}.arrow";
            await using (var file = File.Create(Path.Combine(dir, key)))
            {
                var writer = new ArrowShardWriter<EmbeddedPassage>(file, Metadata(d));
                for (int start = s * perShard; start < Math.Min(n, (s + 1) * perShard); start += 65536)
                {
                    int count = Math.Min(65536, Math.Min(n, (s + 1) * perShard) - start);
                    var rows = new EmbeddedPassage[count];
                    for (int i = 0; i < count; i++)
                    {
                        int r = start + i;
                        rows[i] = new EmbeddedPassage($"doc{r / 4}#{r % 4}", $"doc{r / 4}", r % 4, null, $"synthetic passage {r}", 0, 0,
                            vectors.AsSpan(r * d, d).ToArray());
                    }
                    await writer.WriteAsync(rows, default);
                }
                await writer.CompleteAsync();
            }
            long rowsIn = Math.Max(0, Math.Min(n, (s + 1) * perShard) - s * perShard);
            outputs.Add(new SinkOutput(key, rowsIn, new FileInfo(Path.Combine(dir, key)).Length, $"u{s:D6}"));
        }
        var manifest = new DatasetManifest("search-bench", "arrow", n, outputs.Sum(o => o.Bytes), outputs, Metadata(d), DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(dir, DatasetManifest.FileName), JsonSerializer.Serialize(manifest, SluiceJson.Options));
    }

    /// <summary>Writes a float32 or int32 matrix as a NumPy .npy file (format 1.0, C order).</summary>
    public static void WriteNpy<T>(string path, ReadOnlySpan<T> data, int rows, int cols) where T : unmanaged
    {
        string descr = typeof(T) == typeof(float) ? "<f4" : typeof(T) == typeof(int) ? "<i4" : throw new NotSupportedException(typeof(T).Name);
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
    }

    private static Dictionary<string, string> Metadata(int d) => new()
    {
        ["model"] = "synthetic",
        ["dimension"] = d.ToString(),
        ["normalized"] = "true",
    };

    private static float Gaussian(Random random)
    {
        // Box-Muller; one of the pair is dropped, which is fine for benchmark data.
        double u = 1.0 - random.NextDouble(), v = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
