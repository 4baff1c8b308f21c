using System.Diagnostics;
using System.Text.Json;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice search DATASTORE --query TEXT [-k 10]</c> prints ranked passages;
/// <c>sluice search DATASTORE --queries FILE.jsonl [--query-field query] --out RESULTS.jsonl [-k 10]</c> writes one
/// line of hits per query. Queries are embedded with all-MiniLM-L6-v2, so the datastore must have been too.
/// <c>--nprobe N</c> searches the IVF index beside the datastore (<c>_ivf/</c>) instead of every vector;
/// <c>--build-ivf LISTS|auto</c> (re)builds and saves that index first. <c>--stream</c>, <c>--max-per-doc N</c> and
/// <c>--memory SIZE</c> scan the shards instead of loading them (<see cref="StreamedSearch"/>).
/// </summary>
internal static class SearchCommand
{
    private const string Usage = "usage: sluice search DATASTORE_URI (--query TEXT | --queries FILE.jsonl [--query-field FIELD] --out RESULTS.jsonl) [-k 10] [--nprobe N] [--build-ivf LISTS|auto] " + StreamedSearch.Usage;

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
        if (await StreamedSearch.ChooseAsync(args, uri, ct) is { } streamed)
            return await StreamedSearch.RunAsync(streamed, args, query, queriesPath, outPath, k, @out, ct);

        var clock = Stopwatch.StartNew();
        var index = await PassageIndex.LoadAsync(uri, new PassageIndexOptions { IncludeTexts = query is not null }, ct);
        // Refuse before loading the model: vectors of another model would give confident nonsense.
        index.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);
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
        if (nprobe is not null)
        {
            ivf ??= await IvfIndex.LoadAsync(index, ct);
            if (ivf is null) await Console.Error.WriteLineAsync($"no IVF index under {uri.TrimEnd('/')}/{IvfIndex.Folder}/ (make one with --build-ivf auto); searching exactly");
        }

        using var embedder = new MiniLmEmbedder();
        if (query is not null)
        {
            var hits = Search(index, ivf, nprobe, embedder.EmbedToMatrix([query], ct), k, ct)[0];
            await Console.Error.WriteLineAsync($"{index.Count:N0} passages loaded in {loaded.TotalSeconds:F1} s; {(ivf is not null && nprobe is not null ? $"IVF, nprobe {nprobe}" : "exact search")}");
            @out.WriteLine($"{"rank",4}  {"score",6}  {"passage",-24}  {"doc",-16}  text");
            foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
                @out.WriteLine($"{rank,4}  {hit.Score,6:F4}  {hit.PassageId,-24}  {hit.DocId,-16}  {Snippet(index.Texts![hit.Row], 100)}");
            return 0;
        }

        var texts = await ReadQueriesAsync(queriesPath!, args.Get("query-field") ?? "query", ct);
        await using var results = new StreamWriter(outPath!);
        const int batch = 256;
        for (int start = 0; start < texts.Count; start += batch)
        {
            var slice = texts.Skip(start).Take(batch).ToArray();
            var hits = Search(index, ivf, nprobe, embedder.EmbedToMatrix(slice, ct), k, ct);
            for (int i = 0; i < hits.Count; i++)
            {
                var line = new { query_index = start + i, hits = hits[i].Select(h => new { passage_id = h.PassageId, doc_id = h.DocId, score = h.Score }) };
                await results.WriteLineAsync(JsonSerializer.Serialize(line));
            }
        }
        @out.WriteLine($"{texts.Count:N0} queries, top {k} of {index.Count:N0} passages each, written to {outPath}");
        return 0;
    }

    private static IReadOnlyList<IReadOnlyList<SearchHit>> Search(PassageIndex index, IvfIndex? ivf, int? nprobe, float[] queries, int k, CancellationToken ct) =>
        ivf is not null && nprobe is { } probes
            ? index.ToHits(ivf.Search(index.Vectors, queries, k, probes, ct: ct))
            : index.Search(queries, k, ct: ct);

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
}
