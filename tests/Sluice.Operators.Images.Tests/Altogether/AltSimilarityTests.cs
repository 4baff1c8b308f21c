using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Operators.Models.Embedding;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Images.Tests.Altogether;

/// <summary>
/// <c>ScoreAltSimilarity</c> is the cosine of MiniLM embeddings of the caption and of the alt-texts joined with
/// <c>"; "</c>; it has no threshold (it scores, it does not filter), and a caption without alt-text keeps a null score.
/// </summary>
public sealed class AltSimilarityTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("alt-similarity-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task ScoreAltSimilarity_IsTheCosineOfCaptionAndJoinedAltTexts_NullWithoutAltText_NothingFiltered()
    {
        var path = Path.Combine(_work.FullName, "in.parquet");
        await ParquetImageFiles.WriteAsync(path, new ParquetImageRow[]
        {
            new("close", TestImages.Encode(40, 30, seed: 1), ["a red circle on a green background"], null),
            new("far", TestImages.Encode(40, 30, seed: 2), ["quarterly tax return form, page 3", "finance"], null),
            new("none", TestImages.Encode(40, 30, seed: 3), [], null),
        });
        using var embedder = new MiniLmEmbedder();

        var captions = await RecordCollector.CollectAsync(p => p.ReadParquetImages(path).PrepareImages().CleanAltTexts()
            .Realign(new EchoChatClient()).ScoreAltSimilarity(embedder));

        Assert.Equal(["close", "far", "none"], captions.Select(c => c.Uuid)); // a score filters nothing out
        Assert.Null(captions[2].AltSimilarity);
        foreach (var c in captions.Take(2))
        {
            var m = embedder.EmbedToMatrix([c.Caption, string.Join("; ", c.AltTexts)], CancellationToken.None);
            var d = MiniLmEmbedder.Dimensions;
            var expected = 0.0;
            for (var j = 0; j < d; j++) expected += m[j] * m[d + j];
            Assert.Equal(expected, c.AltSimilarity!.Value, 4);
        }
        // The echo caption repeats the alt-text, so it scores high; a caption of the wrong image would not.
        Assert.InRange(captions[0].AltSimilarity!.Value, 0.6f, 1.0001f);
        var unrelated = embedder.EmbedToMatrix([captions[0].Caption, "quarterly tax return form, page 3; finance"], CancellationToken.None);
        var low = 0.0;
        for (var j = 0; j < MiniLmEmbedder.Dimensions; j++) low += unrelated[j] * unrelated[MiniLmEmbedder.Dimensions + j];
        Assert.True(low < captions[0].AltSimilarity!.Value - 0.2, $"unrelated {low:0.###} vs matching {captions[0].AltSimilarity:0.###}");
    }
}
