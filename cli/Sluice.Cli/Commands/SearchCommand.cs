using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice search DATASTORE --query TEXT [-k 10]</c> prints ranked passages;
/// <c>sluice search DATASTORE --queries FILE.jsonl [--query-field query] --out RESULTS.jsonl [-k 10]</c> writes one
/// line of hits per query. <c>--mode dense</c> (the default) embeds queries with all-MiniLM-L6-v2, so the datastore must
/// have been too; <c>--mode bm25</c> searches the Lucene index beside the datastore (<c>_bm25/</c>), built on first
/// use when missing and refused when the datastore changed since (<c>--build-bm25</c> rebuilds it); <c>--mode hybrid</c>
/// fuses both (<c>--fusion nest</c>, NEST's rule, or <c>rrf</c>). <c>--nprobe N</c> searches the IVF index beside the
/// datastore (<c>_ivf/</c>) instead of every vector; <c>--build-ivf LISTS|auto</c> (re)builds and saves that index first.
/// In dense mode, <c>--stream</c>, <c>--max-per-doc N</c> and <c>--memory SIZE</c> scan the shards instead of loading
/// them (<see cref="StreamedSearch"/>).
/// </summary>
internal static class SearchCommand
{
    private const string Usage = """
        usage: sluice search DATASTORE_URI (--query TEXT | --queries FILE.jsonl [--query-field FIELD] --out RESULTS.jsonl) [-k 10]
                 [--mode dense|bm25|hybrid] [--fusion nest|rrf] [--build-bm25] [--k1 0.9] [--b 0.4] [--analyzer english|standard]
                 [--nprobe N] [--build-ivf LISTS|auto] [--stream] [--max-per-doc N] [--memory SIZE]
        """;

    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException(Usage);
        var uri = args.Positional[0];
        var k = args.GetInt("k") ?? 10;
        var query = args.Get("query");
        var queriesPath = args.Get("queries");
        var outPath = args.Get("out");
        if ((query is null) == (queriesPath is null)) throw new UsageException($"give exactly one of --query and --queries\n{Usage}");
        if (queriesPath is not null && outPath is null) throw new UsageException($"--queries needs --out RESULTS.jsonl\n{Usage}");
        if (k < 1) throw new UsageException($"-k must be at least 1, got {k}");
        int? nprobe = args.GetInt("nprobe");
        if (nprobe is < 1) throw new UsageException($"--nprobe must be at least 1, got {nprobe}");
        var mode = args.Get("mode") ?? "dense";
        if (mode is not ("dense" or "bm25" or "hybrid")) throw new UsageException($"--mode expects dense, bm25 or hybrid, got '{mode}'");
        var hybrid = new HybridOptions
        {
            Rule = args.Get("fusion") switch
            {
                null or "nest" => HybridRule.Nest,
                "rrf" => HybridRule.Rrf,
                var other => throw new UsageException($"--fusion expects nest or rrf, got '{other}'"),
            },
        };
        var bm25Options = Bm25OptionsOf(args);
        bool dense = mode != "bm25", lexical = mode != "dense";
        if (mode == "dense" && await StreamedSearch.ChooseAsync(args, uri, ct) is { } streamed)
            return await StreamedSearch.RunAsync(streamed, args, query, queriesPath, outPath, k, @out, ct);
        if (mode != "dense" && (args.Has("stream") || args.Has("max-per-doc") || args.Has("memory")))
            throw new UsageException($"--stream, --max-per-doc and --memory scan vectors: they apply to --mode dense, not {mode}");

        var clock = Stopwatch.StartNew();
        var index = await PassageIndex.LoadAsync(uri, new PassageIndexOptions { IncludeTexts = query is not null }, ct);
        // Refuse before loading the model: vectors of another model would give confident nonsense.
        if (dense) index.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);
        var loaded = clock.Elapsed;

        IvfIndex? ivf = null;
        if (args.Get("build-ivf") is { } lists)
        {
            int count = lists == "auto" ? 0 : int.TryParse(lists, out var l) && l > 0 ? l : throw new UsageException($"--build-ivf expects a list count or 'auto', got '{lists}'");
            clock.Restart();
            ivf = IvfIndex.Build(index, new IvfOptions { Lists = count }, ct);
            await ivf.SaveAsync(uri, ct);
            await Console.Error.WriteLineAsync($"built IVF index: {ivf.Lists} lists over {index.Count:N0} vectors in {clock.Elapsed.TotalSeconds:F1} s, saved to {uri.TrimEnd('/')}/{IvfIndex.Folder}/");
        }
        if (nprobe is not null && dense)
        {
            ivf ??= await IvfIndex.LoadAsync(index, ct);
            if (ivf is null) await Console.Error.WriteLineAsync($"no IVF index under {uri.TrimEnd('/')}/{IvfIndex.Folder}/ (make one with --build-ivf auto); searching exactly");
        }

        using var bm25 = args.Has("build-bm25") || lexical ? await OpenBm25Async(uri, args.Has("build-bm25"), bm25Options, ct) : null;
        using var embedder = dense ? new MiniLmEmbedder() : null;
        var searcher = new Searcher(index, ivf, nprobe, bm25, embedder, mode, hybrid);
        if (query is not null)
        {
            var hits = searcher.Search([query], k, ct)[0];
            await Console.Error.WriteLineAsync($"{index.Count:N0} passages loaded in {loaded.TotalSeconds:F1} s; {searcher.Describe()}");
            @out.WriteLine($"{"rank",4}  {"score",8}  {"passage",-24}  {"doc",-16}  text");
            foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
                @out.WriteLine($"{rank,4}  {hit.Score,8:F4}  {hit.PassageId,-24}  {hit.DocId,-16}  {Snippet(index.Texts![hit.Row], 100)}");
            return 0;
        }

        var texts = await ReadQueriesAsync(queriesPath!, args.Get("query-field") ?? "query", ct);
        await using var results = new StreamWriter(outPath!);
        const int batch = 256;
        clock.Restart();
        for (int start = 0; start < texts.Count; start += batch)
        {
            var slice = texts.Skip(start).Take(batch).ToArray();
            var hits = searcher.Search(slice, k, ct);
            for (int i = 0; i < hits.Count; i++)
            {
                var line = new { query_index = start + i, hits = hits[i].Select(h => new { passage_id = h.PassageId, doc_id = h.DocId, score = h.Score }) };
                await results.WriteLineAsync(JsonSerializer.Serialize(line));
            }
        }
        await Console.Error.WriteLineAsync($"{searcher.Describe()}: {texts.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F0} queries/s");
        @out.WriteLine($"{texts.Count:N0} queries, top {k} of {index.Count:N0} passages each ({mode}), written to {outPath}");
        return 0;
    }

    // A missing index is built on first use: it costs one pass over the texts, and a lexical search cannot go on without
    // it. A stale one is refused (LoadAsync throws) rather than silently rebuilt: rebuilding is the caller's decision.
    private static async Task<Bm25Index> OpenBm25Async(string uri, bool rebuild, Bm25Options options, CancellationToken ct)
    {
        if (!rebuild && await Bm25Index.LoadAsync(uri, options, ct) is { } existing) return existing;
        var clock = Stopwatch.StartNew();
        var built = await Bm25Index.BuildAsync(uri, options, ct);
        await Console.Error.WriteLineAsync($"built BM25 index ({built.Analyzer.ToString().ToLowerInvariant()} analyser) over {built.Count:N0} passages in {clock.Elapsed.TotalSeconds:F1} s, saved to {uri.TrimEnd('/')}/{Bm25Index.Folder}/");
        return built;
    }

    private static Bm25Options Bm25OptionsOf(CliArguments args)
    {
        var options = new Bm25Options
        {
            K1 = Float(args, "k1") ?? 0.9f,
            B = Float(args, "b") ?? 0.4f,
            Analyzer = args.Get("analyzer") switch
            {
                null or "english" => Bm25Analyzer.English,
                "standard" => Bm25Analyzer.Standard,
                var other => throw new UsageException($"--analyzer expects english or standard, got '{other}'"),
            },
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--{e.ParamName?.ToLowerInvariant()}: {e.Message.Split(" (Parameter")[0]}");
        }
        return options;
    }

    private static float? Float(CliArguments args, string name) =>
        args.Get(name) is not { } v ? null
        : float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
        : throw new UsageException($"--{name} expects a number, got '{v}'");

    internal static async Task<IReadOnlyList<string>> ReadQueriesAsync(string path, string field, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"queries file not found: {path}");
        var texts = new List<string>();
        int lineNo = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}:{lineNo}: no string field '{field}' (pick one with --query-field)");
            texts.Add(value.GetString()!);
        }
        return texts;
    }

    internal static string Snippet(string text, int chars)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= chars ? flat : flat[..chars].TrimEnd() + "…";
    }

    /// <summary>One batch of query texts to hits, by the chosen mode.</summary>
    private sealed class Searcher(PassageIndex index, IvfIndex? ivf, int? nprobe, Bm25Index? bm25, MiniLmEmbedder? embedder,
        string mode, HybridOptions hybrid)
    {
        public IReadOnlyList<IReadOnlyList<SearchHit>> Search(IReadOnlyList<string> queries, int k, CancellationToken ct) => mode switch
        {
            "bm25" => index.ToHits(bm25!.Search(queries, k, ct)),
            "hybrid" => index.ToHits(HybridFusion.Fuse(Dense(queries, Math.Max(k, hybrid.Depth), ct), bm25!.Search(queries, Math.Max(k, hybrid.Depth), ct), k, hybrid)),
            _ => index.ToHits(Dense(queries, k, ct)),
        };

        public string Describe() => mode switch
        {
            "bm25" => $"BM25 (k1 {bm25!.K1}, b {bm25.B}, {bm25.Analyzer.ToString().ToLowerInvariant()} analyser)",
            "hybrid" => $"hybrid ({hybrid.Rule.ToString().ToLowerInvariant()} fusion of {DenseName} and BM25, {hybrid.Depth} candidates a side)",
            _ => DenseName,
        };

        private string DenseName => ivf is not null && nprobe is not null ? $"IVF, nprobe {nprobe}" : "exact search";

        private TopKResult Dense(IReadOnlyList<string> queries, int k, CancellationToken ct)
        {
            var vectors = embedder!.EmbedToMatrix(queries.ToArray(), ct);
            return ivf is not null && nprobe is { } probes
                ? ivf.Search(index.Vectors, vectors, k, probes, ct: ct)
                : InnerProductSearch.Search(index.Vectors, index.Dimension, vectors, k, ct: ct);
        }
    }
}
