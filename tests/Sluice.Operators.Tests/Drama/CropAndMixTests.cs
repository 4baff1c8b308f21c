using Sluice.Operators.Drama;
using Sluice.Operators.Text;

namespace Sluice.Operators.Tests.Drama;

public sealed class CropAndMixTests
{
    private static Passage P(string id, string text) => new(id, "doc", 0, null, text, 0, text.Length);

    [Fact]
    public void Sentences_SplitsLatinCjkAndDanda()
    {
        Assert.Equal(["One two three.", "Four five?", "长城很长。", "ঢাকা শহর।", "Dr.Smith stays"],
            SentenceCropper.Sentences("One two three. Four five? 长城很长。ঢাকা শহর। Dr.Smith stays"));
    }

    [Fact]
    public void Crop_OnePerPassage_IsSeededAndStable()
    {
        var p = P("p1", "The first sentence is here. The second sentence is here. The third sentence is here.");
        var a = new SentenceCropper().Crop(p).Single();
        Assert.Equal(a, new SentenceCropper().Crop(p).Single());
        Assert.Equal("p1", a.SourcePassageId);
        Assert.Equal("crop", a.Origin);
        Assert.StartsWith("p1:crop:", a.QueryId);
        var picks = Enumerable.Range(0, 20).Select(s => new SentenceCropper(new CropOptions { Seed = s }).Crop(p).Single().Text).Distinct().Count();
        Assert.True(picks > 1, "the seed should change the choice");
    }

    [Fact]
    public void Crop_EverySentence_SkipsShortAndClipsLong()
    {
        var longSentence = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")) + ".";
        var p = P("p", "Too short. " + longSentence + " A fine sentence of words.");
        var q = new SentenceCropper(new CropOptions { Mode = CropMode.EverySentence, MaxWords = 10 }).Crop(p).ToArray();
        Assert.Equal(2, q.Length);
        Assert.Equal(10, SentenceCropper.Words(q[0].Text));
        Assert.Equal("A fine sentence of words.", q[1].Text);
    }

    [Fact]
    public void Crop_EmptyPassage_YieldsNothing()
    {
        Assert.Empty(new SentenceCropper().Crop(P("p", "")));
        Assert.Empty(new SentenceCropper().Crop(P("p", "   ")));
    }

    [Fact]
    public void KeepFractions_Drama211_LimitedBySmallestSource()
    {
        var f = RatioMixer.KeepFractions(
            new Dictionary<string, long> { ["web"] = 1000, ["wiki"] = 200, ["mweb"] = 800 },
            new Dictionary<string, double> { ["web"] = 2, ["wiki"] = 1, ["mweb"] = 1 });
        Assert.Equal(0.4, f["web"], 6);
        Assert.Equal(1.0, f["wiki"], 6);
        Assert.Equal(0.25, f["mweb"], 6);
        var kept = Enumerable.Range(0, 10000).Count(i => RatioMixer.Keep($"id{i}", 0.25));
        Assert.InRange(kept, 2300, 2700);
    }

    [Fact]
    public void KeepFractions_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RatioMixer.KeepFractions(new Dictionary<string, long> { ["a"] = 0 }, new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Throws<ArgumentException>(() => RatioMixer.KeepFractions(new Dictionary<string, long>(), new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Throws<ArgumentException>(() => RatioMixer.KeepFractions(new Dictionary<string, long> { ["a"] = 5 }, new Dictionary<string, double> { ["a"] = 0 }));
    }
}
