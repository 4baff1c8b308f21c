// Figures of docs/web.md and docs/curation.md. Run on one core:
//   DOTNET_PROCESSOR_COUNT=1 taskset -c 1 dotnet bench/Sluice.Bench.WebText/bin/Release/net10.0/Sluice.Bench.WebText.dll extract
//   … Sluice.Bench.WebText.dll language [high|low] [maxChars]
//   … Sluice.Bench.WebText.dll engine [secondsPerSide] [repeats]   (each stage alone vs through the engine, issue 18)
// Pages of extract and language: the three Node.js API pages of the extraction tests and the three GIMP pages of examples/data/altogether.
using System.Diagnostics;
using System.Text;
using Sluice.Operators.Language;
using Sluice.Operators.Web.Html;
using Sluice.Operators.Web.Warc;

var root = RepoRoot();
var pages = Directory.GetFiles(Path.Combine(root, "tests", "Sluice.Operators.Tests", "Web", "Html", "Data"), "*.html")
    .Concat(Directory.GetFiles(Path.Combine(root, "examples", "data", "altogether"), "*.html")).Order(StringComparer.Ordinal)
    .Select(File.ReadAllText).Select(Entry).ToList();
var texts = pages.Select(p => MainTextExtractor.Extract(p).Value!.Text).ToList();
Console.WriteLine($"{pages.Count} pages, mean {pages.Average(p => p.Text!.Length):F0} characters of HTML, {texts.Average(t => t.Length):F0} of main text");

var mode = args.Length > 0 ? args[0] : "extract";
if (mode == "extract")
{
    var (count, seconds) = Repeat(() => { foreach (var p in pages) MainTextExtractor.Extract(p); }, pages.Count);
    Console.WriteLine($"extraction: {count / seconds:F0} pages/s ({count} pages in {seconds:F1} s)");
}
else if (mode == "language")
{
    var low = args.Length > 1 && args[1] == "low";
    var maxChars = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : new LanguageOptions().MaxChars;
    var rss = Environment.WorkingSet;
    var clock = Stopwatch.StartNew();
    var identifier = new LanguageIdentifier(new LanguageOptions { LowAccuracy = low, MaxChars = maxChars });
    identifier.Identify("load the models");
    Console.WriteLine($"default set ({identifier.Languages.Count} languages), {(low ? "low" : "high")} accuracy: load {clock.Elapsed.TotalSeconds:F1} s, working set +{(Environment.WorkingSet - rss) / 1e6:F0} MB");
    var (count, seconds) = Repeat(() => { foreach (var t in texts) identifier.Identify(t); }, texts.Count);
    Console.WriteLine($"identification, first {maxChars} characters: {count / seconds:F0} texts/s ({count} in {seconds:F1} s)");
}
else if (mode == "engine")
{
    var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2;
    // The records of the real crawl that examples/web-curation.csx reads, held in memory so neither side pays for I/O.
    var warc = new WarcSource(Path.Combine(root, "examples", "data", "web", "crawl.warc.gz"));
    var entries = new List<WarcEntry>();
    foreach (var unit in await warc.PlanAsync(0, CancellationToken.None))
        await foreach (var item in warc.ReadAsync(unit, CancellationToken.None))
            if (item.Record is { } entry) entries.Add(entry);
    await EngineOverhead.RunAsync(entries, seconds, repeats, Path.Combine(Path.GetTempPath(), "sluice-bench-web-engine"));
}
else Console.Error.WriteLine("usage: extract | language [high|low] [maxChars] | engine [secondsPerSide] [repeats]");

// One warm-up round, then rounds for at least ten seconds.
static (int Count, double Seconds) Repeat(Action round, int perRound)
{
    round();
    var count = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < 10) { round(); count += perRound; }
    return (count, clock.Elapsed.TotalSeconds);
}

static WarcEntry Entry(string html) => new("response", "<urn:uuid:bench>", "https://example.org/page.html", null, "application/http; msgtype=response",
    200, ["Content-Type: text/html; charset=utf-8"], "text/html; charset=utf-8", "utf-8", "header", Encoding.UTF8.GetBytes(html), html, 0, "bench", 0);

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pipelines.slnx"))) return dir.FullName;
    throw new DirectoryNotFoundException("Pipelines.slnx not found above " + AppContext.BaseDirectory);
}
