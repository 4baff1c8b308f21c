using System.Text.Json;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Images.Tests.Sources;

public sealed class ParquetImageSourceTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("parquet-images-");

    /// <summary>A file with the image columns but no <c>alt_texts</c>.</summary>
    public sealed record RowWithoutAltTexts(string Uuid, byte[]? Image, string? Url);

    /// <summary>A file with alt-texts but no <c>image</c> column.</summary>
    public sealed record RowWithoutImage(string Uuid, IReadOnlyList<string>? AltTexts, string? Url);

    /// <summary>A file with image and alt-texts but no <c>uuid</c> column.</summary>
    public sealed record RowWithoutUuid(byte[]? Image, IReadOnlyList<string>? AltTexts);

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task ReadParquetImages_RealParquetFile_ReadsEveryRowWithItsBytesAltTextsAndUrl()
    {
        var png = TestImages.Encode(40, 30, seed: 1);
        var jpeg = TestImages.Encode(64, 48, SkiaSharp.SKEncodedImageFormat.Jpeg, seed: 2);
        var path = Path.Combine(_work.FullName, "in", "part-0.parquet");
        await ParquetImageFiles.WriteAsync(path, new ParquetImageRow[]
        {
            new("a", png, ["a red circle", "Kreis; rot"], "https://example.org/a.png"),
            new("b", jpeg, [], null),
            new("c", png, null, "https://example.org/c.png"),
        });

        var pairs = await RecordCollector.CollectAsync(p => p.ReadParquetImages(path));

        Assert.Equal(["a", "b", "c"], pairs.Select(x => x.Uuid));
        Assert.Equal(png, pairs[0].Image);
        Assert.Equal(jpeg, pairs[1].Image);
        Assert.Equal(["a red circle", "Kreis; rot"], pairs[0].AltTexts);
        Assert.Empty(pairs[1].AltTexts);
        Assert.Empty(pairs[2].AltTexts); // a null list reads as no alt-texts
        Assert.Equal("https://example.org/a.png", pairs[0].ImageUri);
        Assert.Null(pairs[1].ImageUri);
        Assert.All(pairs, x => Assert.EndsWith("part-0.parquet", x.Source));
    }

    [Fact]
    public async Task ReadParquetImages_UndecodableImageBytes_AreRejectsWithReasonsAndGoodRowsGoOn()
    {
        var png = TestImages.Encode(40, 30);
        var truncated = png[..(png.Length / 2)];
        var garbage = Enumerable.Range(0, 500).Select(i => (byte)(i * 37 % 251)).ToArray();
        var path = Path.Combine(_work.FullName, "in", "part-0.parquet");
        await ParquetImageFiles.WriteAsync(path, new ParquetImageRow[]
        {
            new("good", png, ["a circle"], null),
            new("empty", [], ["x"], null),
            new("null", null, ["x"], null),
            new("garbage", garbage, ["x"], null),
            new("truncated", truncated, ["x"], null),
            new("", png, ["no id"], null),
        });

        var outDir = Path.Combine(_work.FullName, "out");
        var pipeline = Pipeline.Create("parquet-images", new PipelineOptions { RejectsUri = outDir + "/rejects" })
            .ReadParquetImages(path).PrepareImages()
            .WriteParquet(outDir + "/prepared").Build();
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = outDir + "/stats.json" });
        Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());

        var rejects = Directory.GetFiles(outDir + "/rejects", "*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!).ToArray();
        Assert.Equal(5, rejects.Length);
        Assert.All(rejects, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Contains(rejects, r => r.Reason == "row has no uuid");
        var rejectedIds = rejects.Where(r => r.Record is not null)
            .Select(r => JsonDocument.Parse(r.Record!).RootElement.GetProperty("uuid").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["empty", "garbage", "null", "truncated"], rejectedIds);

        var kept = await RecordCollector.CollectAsync(p => p.ReadParquetImages(path).PrepareImages());
        Assert.Equal("good", Assert.Single(kept).Uuid);
    }

    [Fact]
    public async Task ReadParquetImages_FileWithoutAltTextsColumn_FailsNamingFileAndColumn()
    {
        var path = Path.Combine(_work.FullName, "in", "no-alts.parquet");
        await ParquetImageFiles.WriteAsync(path, new[] { new RowWithoutAltTexts("a", TestImages.Encode(20, 20), null) });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new ParquetImageSource(path).PlanAsync(0, CancellationToken.None));

        Assert.Contains("no-alts.parquet", error.Message);
        Assert.Contains("alt_texts", error.Message);
    }

    [Fact]
    public async Task ReadParquetImages_FileWithoutImageColumn_FailsNamingFileAndColumn()
    {
        var path = Path.Combine(_work.FullName, "in", "no-image.parquet");
        await ParquetImageFiles.WriteAsync(path, new[] { new RowWithoutImage("a", ["a cat"], null) });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new ParquetImageSource(path).PlanAsync(0, CancellationToken.None));

        Assert.Contains("no-image.parquet", error.Message);
        Assert.Contains("(image)", error.Message);
    }

    [Fact]
    public async Task ReadParquetImages_FileWithoutUuidColumn_FailsNamingFileAndColumn()
    {
        var path = Path.Combine(_work.FullName, "in", "no-uuid.parquet");
        await ParquetImageFiles.WriteAsync(path, new[] { new RowWithoutUuid(TestImages.Encode(20, 20), ["a cat"]) });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new ParquetImageSource(path).PlanAsync(0, CancellationToken.None));

        Assert.Contains("no-uuid.parquet", error.Message);
        Assert.Contains("uuid", error.Message.Replace("no-uuid.parquet", ""));
    }
}
