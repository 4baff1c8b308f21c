using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Models.Tests.Embedding;
using Xunit.Abstractions;

namespace Sluice.Operators.Torch.Tests;

public sealed class TorchMiniLmEmbedderTests(ITestOutputHelper output)
{
    private const int D = TorchMiniLmEmbedder.Dimensions;

    /// <summary>Sixteen real texts: fourteen SciFact texts, one non-ASCII text and one abstract long enough to be truncated.</summary>
    private static readonly string[] Texts = [.. SampleTexts.SciFact.Take(14), SampleTexts.Unicode[0], SampleTexts.LongAbstract];

    [Fact]
    public void EmbedToMatrix_Cpu_MatchesOnnxRuntime()
    {
        using var torchEmbedder = new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu, BatchSize = 5 });
        double min = MinCosineAgainstOnnx(torchEmbedder);
        output.WriteLine($"CPU float32 vs ONNX Runtime: min cosine {min:F7} (1 - min = {1 - min:E1}) over {Texts.Length} texts");
        Assert.Equal("cpu", torchEmbedder.DeviceName);
        Assert.Equal(TorchPrecision.Float32, torchEmbedder.ActivePrecision);
        Assert.True(min >= 0.999, $"min cosine {min}");
    }

    [Theory]
    [InlineData(TorchPrecision.Float32)]
    [InlineData(TorchPrecision.Float16)]
    [InlineData(TorchPrecision.BFloat16)]
    public void EmbedToMatrix_Cuda_MatchesOnnxRuntime(TorchPrecision precision)
    {
        if (!TorchMiniLmEmbedder.CudaAvailable())
        {
            output.WriteLine("CUDA not available: GPU parity not run");
            return;
        }
        using var torchEmbedder = new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cuda, Precision = precision });
        double min = MinCosineAgainstOnnx(torchEmbedder);
        output.WriteLine($"CUDA {precision} vs ONNX Runtime: min cosine {min:F7} (1 - min = {1 - min:E1})");
        Assert.True(min >= 0.999, $"min cosine {min}");
    }

    [Fact]
    public void Constructor_HalfPrecisionOnCpu_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu, Precision = TorchPrecision.Float16 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchMiniLmEmbedder(new TorchMiniLmOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchMiniLmEmbedder(new TorchMiniLmOptions { MaxTokens = 513 }));
    }

    [Fact]
    public async Task GenerateAsync_OpensLazily_AndReturnsUnitVectorsInOrder()
    {
        using var embedder = new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu });
        Assert.False(embedder.IsOpen);
        Assert.Empty(embedder.EmbedToMatrix([]));
        Assert.True(embedder.IsOpen);
        Assert.Equal(32, embedder.ActiveBatchSize);

        var result = await embedder.GenerateAsync(["b c d", "a"]);
        var single = embedder.EmbedToMatrix(["a"]);
        Assert.Equal(2, result.Count);
        Assert.Equal(D, result[1].Vector.Length);
        Assert.True(Cosine(result[1].Vector.Span, single) > 0.99999);
        Assert.InRange(Cosine(result[0].Vector.Span, result[0].Vector.Span), 0.99999, 1.00001);
    }

    private double MinCosineAgainstOnnx(TorchMiniLmEmbedder torchEmbedder)
    {
        using var onnx = new MiniLmEmbedder();
        var expected = onnx.EmbedToMatrix(Texts);
        var actual = torchEmbedder.EmbedToMatrix(Texts);
        double min = 1;
        for (int i = 0; i < Texts.Length; i++)
            min = Math.Min(min, Cosine(actual.AsSpan(i * D, D), expected.AsSpan(i * D, D)));
        return min;
    }

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
