using Sluice.Operators.Images.Altogether;
using Sluice.Operators.Images.Imaging;

namespace Sluice.Operators.Images.Tests.Altogether;

public sealed class AltTextCleanerTests
{
    private readonly AltTextCleaner _cleaner = new();

    [Theory]
    [InlineData("image")]
    [InlineData("IMG_0042.JPG")]
    [InlineData("12345")]
    [InlineData("  ---  ")]
    [InlineData("photo 3")]
    [InlineData("DSC01234")]
    [InlineData("")]
    public void Clean_TrivialAlt_Dropped(string alt) => Assert.Null(_cleaner.Clean(alt));

    [Theory]
    [InlineData("  The   Layers&nbsp;dialog\u200B ", "The Layers dialog")]
    [InlineData("東京タワーの夜景", "東京タワーの夜景")]
    [InlineData("Кошка\tна окне", "Кошка на окне")]
    [InlineData("قطة على النافذة", "قطة على النافذة")]
    [InlineData("Photo of a cat", "Photo of a cat")]
    public void Clean_RealAlt_Kept(string alt, string expected) => Assert.Equal(expected, _cleaner.Clean(alt));

    [Fact]
    public void CleanAll_Duplicates_KeptOnceInOrder() =>
        Assert.Equal(["b a", "a"], _cleaner.CleanAll(["b a", "image", "a", " b  a ", null]));

    [Fact]
    public void TrainingPair_LongestTargetOtherPrompt_DeterministicBySeed()
    {
        var image = new PreparedImage("u1", "s", null, ["short", "the longest alt-text", "middle one"], null, "sha", 0, 10, 10, "Png", [], "image/png");
        var a = new TrainingPairBuilder(Seed: 1).Build(image)!;
        Assert.Equal("the longest alt-text", a.Target);
        Assert.Equal(a, new TrainingPairBuilder(Seed: 1).Build(image));
        Assert.True(a.PromptDropped ? a.Prompt == "" : a.Prompt is "short" or "middle one");
        var drops = Enumerable.Range(0, 400).Count(i => new TrainingPairBuilder(Seed: i).Build(image)!.PromptDropped);
        Assert.InRange(drops, 150, 250);
        var single = new TrainingPairBuilder().Build(image with { AltTexts = ["only"] })!;
        Assert.Equal(("only", "", false), (single.Target, single.Prompt, single.PromptDropped));
        Assert.Null(new TrainingPairBuilder().Build(image with { AltTexts = [] }));
    }

    [Fact]
    public void Quality_WordsKept_ShareOfAltWordsInCaption()
    {
        Assert.Equal(0.5, CaptionQuality.AltWordsKept(["red barn"], "A barn in a field"));
        Assert.Equal(1, CaptionQuality.AltWordsKept([], "anything"));
        Assert.Equal(5, CaptionQuality.Words("A barn, in a field."));
    }
}
