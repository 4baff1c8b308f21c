using Sluice.Bench.Engine;
using Sluice.Operators.Language;
using Sluice.Operators.Text.Quality;
using Sluice.Operators.Web.Html;
using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

/// <summary>
/// Issue 18's engine cost for web text: main-text extraction, language identification and the chained Gopher quality,
/// Gopher repetition and FineWeb rules, each called alone in a loop against the same verb through the engine
/// (<see cref="InMemorySource{T}"/> → verb → <see cref="CountingSink{T}"/>, parallelism 1), over the same records,
/// as <c>TokenizeBench</c> does for tokenization. Pools hold only records the stage keeps, so the engine writes no
/// rejects and both sides do the same work.
/// </summary>
internal static class EngineOverhead
{
    private static readonly PipelineOptions One = new() { Parallelism = 1, SourceParallelism = 1 };

    /// <summary>Measures the three stages over <paramref name="entries"/> and prints one line each.</summary>
    /// <param name="entries">WARC records; those that give no main text are left out.</param>
    /// <param name="seconds">CPU seconds a side should take, roughly: the record count is sized from one warm plain pass,
    /// and the least CPU of the repeats, the one reported, comes out lower on a shared machine.</param>
    /// <param name="repeats">Rounds per side; the least CPU of each side is kept.</param>
    /// <param name="scratch">Folder for the counting sink's run files; emptied before each run.</param>
    public static async Task RunAsync(IReadOnlyList<WarcEntry> entries, double seconds, int repeats, string scratch)
    {
        var extracted = entries.Where(e => MainTextExtractor.Extract(e).Value is not null).ToList();
        var pages = extracted.Select(e => MainTextExtractor.Extract(e).Value!).ToList();
        // High accuracy over the default set; the verb's identifier is served from the same per-process cache, so
        // neither side loads models while it is timed.
        var identifier = new LanguageIdentifier();
        identifier.Identify("load the models before timing");
        var (gopher, repetition, fineweb) = (new GopherQualityOptions(), new GopherRepetitionOptions(), new FineWebQualityOptions());
        // The chain of examples/web-curation.csx: FineWeb reads the text with the blank lines between paragraphs taken out.
        string? Rules(string t) => GopherQualityFilter.Check(t, gopher) ?? GopherRepetitionFilter.Check(t, repetition)
            ?? FineWebQualityFilter.Check(t.Replace("\n\n", "\n", StringComparison.Ordinal), fineweb);
        var kept = pages.Where(p => Rules(p.Text) is null).ToList();
        Console.WriteLine($"pools: {extracted.Count} HTML responses of {entries.Count} records, {kept.Count} of their {pages.Count} pages kept by the rules");
        Console.WriteLine("stage          records  plain CPU-s  engine CPU-s  plain rec/CPU-s  engine rec/CPU-s  engine overhead");

        await CompareAsync("extract", extracted, e => MainTextExtractor.Extract(e).Value is not null,
            f => f.ExtractMainText(), seconds, repeats, scratch);
        await CompareAsync("language", pages, p => (p with { Language = identifier.Identify(p.Text).Language }).Language is not null,
            f => f.IdentifyLanguage(p => p.Text, (p, g) => p with { Language = g.Language }), seconds, repeats, scratch);
        await CompareAsync("quality-rules", kept, p => Rules(p.Text) is null,
            f => f.GopherQuality(p => p.Text).GopherRepetition(p => p.Text).FineWebQuality(p => p.Text.Replace("\n\n", "\n", StringComparison.Ordinal)),
            seconds, repeats, scratch);
    }

    private static async Task CompareAsync<T, TOut>(string stage, IReadOnlyList<T> pool, Func<T, bool> plain,
        Func<Flow<T>, Flow<TOut>> verb, double seconds, int repeats, string scratch)
    {
        if (pool.Count == 0) throw new InvalidOperationException($"{stage}: no records to measure");
        // Warm-up of both sides (tiered JIT, caches): plain passes until one takes 0.2 CPU-s, which also size the run,
        // and an engine run as long. The first passes are left out of the sizing: background tier-1 compilation
        // counts as this process's CPU. CPU, not wall time: the machine may be shared.
        long probe = pool.Count;
        while ((await PlainAsync(pool, probe, plain)).CpuSeconds < 0.2) probe *= 4;
        await EngineAsync(pool, probe, verb, scratch);
        var took = await PlainAsync(pool, probe, plain);
        var records = Math.Max(pool.Count, (long)(seconds * probe / took.CpuSeconds));
        Measurement? loop = null, engine = null;
        for (var r = 0; r < repeats; r++)
        {
            var l = await PlainAsync(pool, records, plain);
            if (loop is null || l.CpuSeconds < loop.Value.CpuSeconds) loop = l;
            var (_, e) = await Measurement.TimeAsync(() => EngineAsync(pool, records, verb, scratch));
            if (engine is null || e.CpuSeconds < engine.Value.CpuSeconds) engine = e;
        }
        var (p, q) = (loop!.Value.CpuSeconds, engine!.Value.CpuSeconds);
        Console.WriteLine($"{stage,-13} {records,8} {p,12:F2} {q,13:F2} {records / p,16:F0} {records / q,17:F0} {100 * (q - p) / p,15:+0.0;-0.0} %");
    }

    private static async Task<Measurement> PlainAsync<T>(IReadOnlyList<T> pool, long records, Func<T, bool> plain) =>
        (await Measurement.TimeAsync(() => Task.FromResult(Loop(pool, records, plain)))).Time;

    private static long Loop<T>(IReadOnlyList<T> pool, long records, Func<T, bool> plain)
    {
        long kept = 0;
        for (long i = 0; i < records; i++) if (plain(pool[(int)(i % pool.Count)])) kept++;
        if (kept != records) throw new InvalidOperationException($"the plain call kept {kept} records of {records}");
        return kept;
    }

    private static async Task<long> EngineAsync<T, TOut>(IReadOnlyList<T> pool, long records, Func<Flow<T>, Flow<TOut>> verb, string scratch)
    {
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        var sink = new CountingSink<TOut>(scratch);
        var pipeline = verb(Pipeline.Create("bench-web-engine", One).Read(new InMemorySource<T>(pool, records, 16))).Write(sink).Build();
        var result = await PipelineRunner.RunAsync(pipeline);
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"engine run ended {result.Status}: {result.Error}");
        if (sink.Records != records) throw new InvalidOperationException($"the engine kept {sink.Records} records of {records}");
        return sink.Records;
    }
}
