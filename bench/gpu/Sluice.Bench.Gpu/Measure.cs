using System.Diagnostics;
using Sluice.Operators.Torch;
using static TorchSharp.torch;

namespace Sluice.Bench.Gpu;

/// <summary>Parity and throughput measurements; results are printed as tab-separated <c>ROW</c> lines for the table.</summary>
internal static class Measure
{
    private const int D = TorchMiniLmEmbedder.Dimensions;

    /// <summary>Embeds the bundle's texts with <paramref name="bert"/>; returns the lowest cosine against the reference.</summary>
    public static double MinCosine(MiniLmBert bert, ReferenceBundle bundle, int batchSize)
    {
        var ids = bundle.TokenIds;
        var result = new float[ids.Length * D];
        for (int start = 0; start < ids.Length; start += batchSize)
        {
            var rows = Enumerable.Range(start, Math.Min(batchSize, ids.Length - start)).ToArray();
            TorchMiniLmEmbedder.RunBatch(bert, ids, rows, result);
        }
        double min = 1;
        for (int i = 0; i < ids.Length; i++)
            min = Math.Min(min, Cosine(result.AsSpan(i * D, D), bundle.Reference.AsSpan(i * D, D)));
        return min;
    }

    /// <summary>
    /// Passages per second of <paramref name="bert"/> on random token ids (below <paramref name="vocab"/>), batches of
    /// <paramref name="batch"/> × <paramref name="seq"/> real tokens, mean-pooled, normalised and copied to the host:
    /// the same work as <c>pytorch_baseline.py</c>.
    /// </summary>
    public static double PassagesPerSecond(MiniLmBert bert, int vocab, int batch, int seq, int warmup, int iterations)
    {
        var random = new Random(17);
        var ids = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, seq).Select(_ => random.Next(vocab)).ToArray()).ToArray();
        var rows = Enumerable.Range(0, batch).ToArray();
        var result = new float[batch * D];
        for (int i = 0; i < warmup; i++)
            TorchMiniLmEmbedder.RunBatch(bert, ids, rows, result);
        // RunBatch copies the pooled vectors to the host, which waits for the device: no extra synchronisation needed.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
            TorchMiniLmEmbedder.RunBatch(bert, ids, rows, result);
        return batch * iterations / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Passages per second of an end-to-end <c>EmbedToMatrix</c> call (tokenization included).</summary>
    public static double EndToEnd(Func<IReadOnlyList<string>, float[]> embed, IReadOnlyList<string> texts)
    {
        embed(texts.Take(8).ToArray());
        var clock = Stopwatch.StartNew();
        embed(texts);
        return texts.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Prints one result row: engine, device, precision, batch, sequence length, passages/s, check.</summary>
    public static void Row(string engine, string device, string precision, string batch, string seq, double perSecond, string check)
        => Console.WriteLine($"ROW\t{engine}\t{device}\t{precision}\t{batch}\t{seq}\t{perSecond:F0}\t{check}");

    public static ScalarType ToScalar(TorchPrecision p) => p switch
    {
        TorchPrecision.Float16 => ScalarType.Float16,
        TorchPrecision.BFloat16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
