using System.Security.Cryptography;
using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Images.Sources;
using Sluice.Operators.Images.Tests.TestSupport;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Images.Tests.Altogether;

/// <summary>
/// Multi-round re-alignment: round k+1 is prompted with round k's caption as its alt-text, as the reference's
/// annotation rounds re-align the previous round's caption (MetaCLIP apps/altogether, commit
/// f47f7841f6a91cc5676729a3d125519393d87d1e: the fine-tuning set targets the <c>round3</c> caption).
/// </summary>
public sealed class CaptionRealignerRoundsTests
{
    private static PreparedImage Image(string uuid, IReadOnlyList<string> alts, uint seed = 1)
    {
        var png = TestImages.Encode(32, 24, seed: seed);
        return new PreparedImage(uuid, "mem://s", null, alts, null, Convert.ToHexStringLower(SHA256.HashData(png)), 0, 32, 24, "Png", png, "image/png");
    }

    private static string Sha8(PreparedImage image) => Convert.ToHexStringLower(SHA256.HashData(image.ModelImage))[..8];

    [Fact]
    public async Task Realign_ThreeRounds_EachRoundPromptedWithThePreviousCaption_AndEveryRoundKept()
    {
        var client = new EchoChatClient();
        var realigner = new CaptionRealigner(client, new RealignOptions { Rounds = 3 });
        var image = Image("u1", ["a red circle", "circle", "a red circle"]);
        var sha = Sha8(image);

        var result = await realigner.RealignAsync(image, CancellationToken.None);

        Assert.False(result.IsRejected, result.Reason);
        var caption = result.Value!;
        const string first = "a red circle; circle";
        var c1 = EchoChatClient.CaptionFor(sha, first);
        var c2 = EchoChatClient.CaptionFor(sha, c1);
        var c3 = EchoChatClient.CaptionFor(sha, c2);
        Assert.Equal([first, c1, c2], client.Requests.Select(r => r.Prompt));
        Assert.Equal([c1, c2, c3], caption.RoundCaptions!);
        Assert.Equal(c3, caption.Caption);
        Assert.Equal(3, caption.Rounds);
        Assert.Equal(first, caption.Prompt); // the prompt recorded is the alt-text one, not a caption
    }

    [Fact]
    public async Task Realign_LaterRound_PromptIsThePreviousCaptionCutToThePromptLength()
    {
        var client = new EchoChatClient();
        var options = new RealignOptions { Rounds = 2, Prompt = new AltPromptOptions { MaxTokens = 4 } };
        var realigner = new CaptionRealigner(client, options);
        var image = Image("u2", ["one two three four five six"]);
        var sha = Sha8(image);

        var result = await realigner.RealignAsync(image, CancellationToken.None);

        var builder = new AltPromptBuilder(options.Prompt);
        var c1 = EchoChatClient.CaptionFor(sha, "one two three four");
        var round2 = builder.Truncate(c1);
        Assert.NotEqual(c1, round2);
        Assert.StartsWith(round2, c1);
        Assert.Equal(["one two three four", round2], client.Requests.Select(r => r.Prompt));
        Assert.Equal([c1, EchoChatClient.CaptionFor(sha, round2)], result.Value!.RoundCaptions!);
    }

    [Fact]
    public async Task Realign_OneRound_KeepsTheSingleCaptionAsItsOnlyRound()
    {
        var client = new EchoChatClient();
        var image = Image("u3", []);

        var result = await new CaptionRealigner(client).RealignAsync(image, CancellationToken.None);

        var only = EchoChatClient.CaptionFor(Sha8(image), "");
        Assert.Equal([""], client.Requests.Select(r => r.Prompt));
        Assert.Equal([only], result.Value!.RoundCaptions!);
        Assert.Equal(1, result.Value.Rounds);
    }

    [Fact]
    public async Task RealignVerb_TwoRounds_EveryRoundSurvivesAParquetRoundTrip()
    {
        var work = Directory.CreateTempSubdirectory("altogether-rounds-");
        try
        {
            var input = Path.Combine(work.FullName, "in.parquet");
            await ParquetImageFiles.WriteAsync(input, new ParquetImageRow[]
            {
                new("a", TestImages.Encode(40, 30, seed: 1), ["a red circle"], null),
                new("b", TestImages.Encode(40, 30, seed: 2), [], null),
            });
            var output = Path.Combine(work.FullName, "captions");
            var client = new EchoChatClient();
            var pipeline = Pipeline.Create("rounds").ReadParquetImages(input).PrepareImages().CleanAltTexts()
                .Realign(client, new RealignOptions { Rounds = 2 }).WriteParquet(output).Build();
            var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = Path.Combine(work.FullName, "stats.json") });
            Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());

            var read = await RecordCollector.CollectAsync(p => p.ReadParquet<AltogetherCaption>(output));

            Assert.Equal(["a", "b"], read.Select(c => c.Uuid).Order(StringComparer.Ordinal));
            foreach (var c in read)
            {
                Assert.Equal(2, c.RoundCaptions!.Count);
                Assert.Equal(c.Caption, c.RoundCaptions[1]);
                // A fitting PNG is sent unchanged, so the model saw the original bytes; round 2 re-aligned round 1's caption.
                Assert.Equal(EchoChatClient.CaptionFor(c.ImageSha256[..8], c.RoundCaptions[0]), c.RoundCaptions[1]);
            }
            Assert.Equal(4, client.Requests.Count);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
