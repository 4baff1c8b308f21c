using Sluice.Operators.Language;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Language.Tests;

/// <summary>Lingua over small language sets (quick to load): sentences written for these tests, thresholds, empty text.</summary>
public sealed class LanguageIdentifierTests
{
    private static readonly LanguageOptions Five = new() { Languages = ["en", "de", "fr", "es", "ru"] };

    public static TheoryData<string, string> Sentences => new()
    {
        { "en", "The river rose quickly after three days of rain, and the farmers moved their animals to higher ground." },
        { "de", "Nach drei Tagen Regen stieg der Fluss schnell an, und die Bauern brachten ihre Tiere auf höher gelegene Weiden." },
        { "fr", "Après trois jours de pluie, la rivière est montée très vite et les paysans ont conduit leurs bêtes plus haut." },
        { "es", "Después de tres días de lluvia, el río subió muy rápido y los campesinos llevaron sus animales a tierras altas." },
        { "ru", "После трёх дней дождя река быстро поднялась, и крестьяне перегнали скот на возвышенность." },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Identify_Sentence_ItsLanguageWithHighConfidence(string language, string sentence)
    {
        var guess = new LanguageIdentifier(Five).Identify(sentence);

        Assert.Equal(language, guess.Language);
        Assert.InRange(guess.Score, 0.5, 1.0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("12345 !!! 3.14 -- ++")]
    public void Identify_NoLetters_NoLanguageScoreZero(string text)
    {
        Assert.Equal(new LanguageGuess(null, 0), new LanguageIdentifier(Five).Identify(text));
    }

    [Fact]
    public void Identify_ShortAmbiguousWord_LowerConfidenceThanASentence()
    {
        var id = new LanguageIdentifier(Five);

        // "Hotel" is a word of English, German, French and Spanish alike.
        var word = id.Identify("Hotel");
        var sentence = id.Identify("The hotel by the station was full, so we walked on to the next one.");

        Assert.True(word.Score < sentence.Score, $"{word} vs {sentence}");
    }

    [Fact]
    public void Identify_LowAccuracyMode_StillRightOnSentences()
    {
        var id = new LanguageIdentifier(Five with { LowAccuracy = true });

        foreach (var row in Sentences)
            Assert.Equal((string)row[0], id.Identify((string)row[1]).Language);
    }

    [Fact]
    public void Identify_LongText_ReadsOnlyTheHead()
    {
        var id = new LanguageIdentifier(Five with { MaxChars = 200 });
        var english = (string)Sentences.First()[1];
        var german = (string)Sentences.Skip(1).First()[1];

        // Two English sentences, then German at length: only the first 200 characters count.
        var guess = id.Identify(english + " " + english + " " + string.Concat(Enumerable.Repeat(german + " ", 20)));

        Assert.Equal("en", guess.Language);
        Assert.Equal("de", new LanguageIdentifier(Five with { MaxChars = 0 }).Identify(english + " " + english + " " + string.Concat(Enumerable.Repeat(german + " ", 20))).Language);
    }

    [Fact]
    public void RejectReason_ThresholdAtAndAroundTheBoundary()
    {
        var keep = new Dictionary<string, double> { ["de"] = 0.65 };

        Assert.Null(LanguageVerbs.RejectReason(new LanguageGuess("de", 0.65), keep));
        Assert.Null(LanguageVerbs.RejectReason(new LanguageGuess("de", 0.6500001), keep));
        Assert.Equal("language de, score 0.649 < 0.650", LanguageVerbs.RejectReason(new LanguageGuess("de", 0.6494), keep));
        Assert.Equal("language ru (score 0.981) not kept", LanguageVerbs.RejectReason(new LanguageGuess("ru", 0.981), keep));
        Assert.Equal("no language identified (no letters)", LanguageVerbs.RejectReason(new LanguageGuess(null, 0), keep));
    }

    [Fact]
    public async Task KeepLanguages_RealScores_ThresholdJustBelowKeepsJustAboveRejects()
    {
        var texts = Sentences.Select(r => (string)r[1]).ToList();
        var german = texts[1];
        var score = new LanguageIdentifier(Five).Identify(german).Score;

        async Task<List<string>> Kept(double threshold) => await RecordCollector.CollectAsync(p =>
            p.ReadEnumerable(texts).KeepLanguages(t => t, new Dictionary<string, double> { ["de"] = threshold, ["fr"] = 0.5 }, Five));

        // A real score strictly inside (0, 1), so both sides of the boundary exist.
        Assert.InRange(score, 0.5, 0.999999);
        Assert.Equal([german, texts[2]], await Kept(score));
        Assert.Equal([texts[2]], await Kept(score + 1e-9));
    }

    [Fact]
    public async Task IdentifyLanguage_Rows_AddsLanguageAndScoreColumns()
    {
        // The last two have no usable text: null, and a number where the text should be (no fault, no language).
        var rows = Sentences.Select(r => Row.Of(("id", (string)r[0]), ("text", (string)r[1])))
            .Append(Row.Of(("id", "none"), ("text", null))).Append(Row.Of(("id", "number"), ("text", 42L))).ToList();

        var out_ = await RecordCollector.CollectAsync(p => p.ReadEnumerable(rows).IdentifyLanguage(options: Five));

        foreach (var r in out_.SkipLast(2))
        {
            Assert.Equal(r.Get<string>("id"), r.Get<string>("language"));
            Assert.InRange(r.Get<double>("language_score"), 0.5, 1.0);
        }
        Assert.All(out_.TakeLast(2), r => Assert.Null(r.Get<string>("language")));
        Assert.All(out_.TakeLast(2), r => Assert.Equal(0.0, r.Get<double>("language_score")));
    }

    private sealed record Doc(string Text, string? Language = null, double Score = 0);

    [Fact]
    public async Task IdentifyLanguage_TypedRecord_ThroughTheWithFunction()
    {
        var docs = Sentences.Select(r => new Doc((string)r[1])).ToList();

        var out_ = await RecordCollector.CollectAsync(p => p.ReadEnumerable(docs)
            .IdentifyLanguage(d => d.Text, (d, g) => d with { Language = g.Language, Score = g.Score }, Five));

        Assert.Equal(Sentences.Select(r => (string)r[0]), out_.Select(d => d.Language));
    }

    [Fact]
    public void Options_Invalid_ThrowWhenDeclared()
    {
        var p = Pipeline.Create("t").ReadEnumerable(new[] { "x" });
        Assert.Throws<ArgumentException>(() => p.KeepLanguages(t => t, new Dictionary<string, double> { ["xx"] = 0.5 }, Five));
        Assert.Throws<ArgumentException>(() => p.KeepLanguages(t => t, new Dictionary<string, double> { ["it"] = 0.5 }, Five));
        Assert.Throws<ArgumentException>(() => p.KeepLanguages(t => t, new Dictionary<string, double> { ["de"] = 1.5 }, Five));
        Assert.Throws<ArgumentException>(() => p.KeepLanguages(t => t, new Dictionary<string, double>(), Five));
        Assert.Throws<ArgumentException>(() => new LanguageIdentifier(new LanguageOptions { Languages = ["en"] }));
        Assert.Throws<ArgumentException>(() => new LanguageIdentifier(new LanguageOptions { Languages = ["en", "klingon"] }));
    }

    [Fact]
    public void Detector_SameSetInAnyOrder_LoadedOnceAndShared()
    {
        var a = new LanguageIdentifier(new LanguageOptions { Languages = ["de", "en"] });
        var b = new LanguageIdentifier(new LanguageOptions { Languages = ["EN", "de", "en"] });

        Assert.Equal(["de", "en"], a.Languages);
        Assert.Equal(a.Languages, b.Languages);
        var guesses = Enumerable.Range(0, 64).AsParallel().Select(i => (i % 2 == 0 ? a : b).Identify((string)Sentences.Skip(i % 2).First()[1])).ToList();
        Assert.All(guesses.Where((_, i) => i % 2 == 0), g => Assert.Equal("en", g.Language));
        Assert.All(guesses.Where((_, i) => i % 2 == 1), g => Assert.Equal("de", g.Language));
    }
}
