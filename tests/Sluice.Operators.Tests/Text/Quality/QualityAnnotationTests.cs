using System.Text.Json;
using Sluice.Operators.Text.Quality;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Tests.Text.Quality;

/// <summary>
/// Annotate-then-filter: measures written once (through a Parquet file, as a user would keep them) decide exactly as the
/// direct filters do, for the default thresholds and for changed ones, on the bundled corpus and on texts built to fire
/// each rule.
/// </summary>
public sealed class QualityAnnotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-annotate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Crafted =
    [
        "",
        "\n\n\n",
        "one two three",
        string.Join('\n', Enumerable.Repeat("• the item of a list and the rest", 12)),
        string.Join(' ', Enumerable.Repeat("#tag the word", 40)),
        string.Join('\n', Enumerable.Range(0, 30).Select(i => $"line {i} of the text goes on and on with more words to say...")),
        string.Join("\n\n", Enumerable.Repeat("The same paragraph, said again and again, to the end of the page.", 6)),
        string.Join(' ', Enumerable.Repeat("to be or not to be", 30)),
        string.Join('\n', Enumerable.Range(0, 40).Select(i => $"short {i}")),
        "1234 5678 9012 " + string.Join(' ', Enumerable.Range(0, 60).Select(i => $"{i}")) + " the and",
    ];

    private static IEnumerable<string> Corpus() => File.ReadLines(Path.Combine(RepoRoot(), "examples", "data", "near-duplicates.jsonl"))
        .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).Concat(Crafted);

    public static TheoryData<string> OptionSets() => ["default", "strict", "loose"];

    private static (GopherQualityOptions, GopherRepetitionOptions, FineWebQualityOptions) Options(string set) => set switch
    {
        "strict" => (new() { MinWords = 120, MinStopWords = 8, MaxMeanWordLength = 7 },
            new() { DuplicateLineFraction = 0.05, TopNGrams = [(2, 0.05), (3, 0.04), (4, 0.03)] },
            new() { LinePunctuationThreshold = 0.5, NewLineRatio = 0.05 }),
        "loose" => (new() { MinWords = 1, MinAlphaWordsRatio = null, MinStopWords = null },
            new() { DuplicateParagraphFraction = null, DuplicateNGrams = [(5, 0.9)] },
            new() { LinePunctuationThreshold = 0, CharDuplicatesRatio = 0.9 }),
        _ => (new(), new(), new()),
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Decide_OnMeasures_MatchesTheDirectFilter(string set)
    {
        var (gopher, repetition, fineweb) = Options(set);
        var fired = 0;
        foreach (var text in Corpus())
        {
            var direct = (GopherQualityFilter.Check(text, gopher), GopherRepetitionFilter.Check(text, repetition), FineWebQualityFilter.Check(text, fineweb));
            var stored = (GopherQualityFilter.Decide(GopherQualityMeasures.FromRow(GopherQualityFilter.Measure(text, gopher).ToRow()), gopher),
                GopherRepetitionFilter.Decide(GopherRepetitionMeasures.FromRow(GopherRepetitionFilter.Measure(text, repetition).ToRow()), repetition),
                FineWebQualityFilter.Decide(FineWebQualityMeasures.FromRow(FineWebQualityFilter.Measure(text, fineweb).ToRow()), fineweb));
            Assert.Equal(direct, stored);
            fired += new[] { direct.Item1, direct.Item2, direct.Item3 }.Count(r => r is not null);
        }
        Assert.True(fired > 5, $"only {fired} rules fired: the corpus does not test the decisions");
    }

    [Fact]
    public async Task AnnotatedParquet_FilteredLater_WithNewThresholds_RejectsAsTheDirectFilter()
    {
        var input = Path.Combine(RepoRoot(), "examples", "data", "near-duplicates.jsonl");
        var annotated = Path.Combine(_dir, "annotated");
        await RunAsync(Pipeline.Create("annotate").ReadJsonl<Row>(input)
            .AnnotateGopherQuality().AnnotateGopherRepetition().AnnotateFineWebQuality()
            .WriteParquet(annotated).Build(), "run-annotate");

        var (gopher, repetition, fineweb) = Options("strict");
        var filtered = Path.Combine(_dir, "filtered");
        await RunAsync(Pipeline.Create("filter").ReadParquet<Row>(annotated)
            .FilterByGopherQuality(gopher).FilterByGopherRepetition(repetition).FilterByFineWebQuality(fineweb)
            .WriteJsonl(filtered).Build(), "run-filter");

        var expected = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(input).Where(l => l.Length > 0))
        {
            var doc = JsonDocument.Parse(line).RootElement;
            var text = doc.GetProperty("text").GetString()!;
            if ((GopherQualityFilter.Check(text, gopher) ?? GopherRepetitionFilter.Check(text, repetition) ?? FineWebQualityFilter.Check(text, fineweb)) is { } reason)
                expected[doc.GetProperty("id").GetString()!] = reason;
        }
        var rejects = Directory.GetFiles(Path.Combine(filtered, "_rejects")).SelectMany(File.ReadLines).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("record").GetProperty("id").GetString()!, r => r.GetProperty("reason").GetString()!);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), rejects.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task FilterBy_WithoutAnnotation_RejectsNamingTheAnnotator()
    {
        var output = Path.Combine(_dir, "unannotated");
        await RunAsync(Pipeline.Create("unannotated").ReadJsonl<Row>(WriteLines("""{"id":"a","text":"x"}""")).FilterByFineWebQuality()
            .WriteJsonl(output).Build(), "run-unannotated");
        var reject = JsonDocument.Parse(Directory.GetFiles(Path.Combine(output, "_rejects")).SelectMany(File.ReadLines).Single(l => l.Length > 0)).RootElement;
        Assert.Equal("fineweb_quality: not annotated (run AnnotateFineWebQuality first)", reject.GetProperty("reason").GetString());
    }

    private string WriteLines(params string[] lines)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task RunAsync(Pipeline pipeline, string run)
    {
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { RunUri = Path.Combine(_dir, run) });
        Assert.True(result.Error is null, $"{pipeline.Name}: {result.Status} {result.Error}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "examples", "data", "near-duplicates.jsonl"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root");
    }
}
