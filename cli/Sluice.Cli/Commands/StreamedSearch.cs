using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;

namespace Sluice.Cli.Commands;

/// <summary>
/// The streamed path of <c>sluice search</c>: <see cref="ShardedSearch"/> scans the shards instead of loading them.
/// Taken with <c>--stream</c>, with <c>--max-per-doc N</c> (the per-document cap exists only here), or with
/// <c>--memory SIZE</c> when the shards' bytes exceed SIZE (<c>512M</c>, <c>8G</c> or bytes); otherwise the
/// datastore is loaded as before. Exact and in the same order as the loaded search; no IVF.
/// </summary>
internal static class StreamedSearch
{
    /// <summary>The option lines <c>sluice search</c> adds to its usage.</summary>
    public const string Usage = "[--stream] [--max-per-doc N] [--memory SIZE]";

    /// <summary>The opened datastore when the streamed path is chosen, else null.</summary>
    /// <exception cref="UsageException">A bad <c>--max-per-doc</c> or <c>--memory</c>, or IVF options with streaming.</exception>
    public static async Task<ShardedSearch?> ChooseAsync(CliArguments args, string uri, CancellationToken ct)
    {
        args.GetInt("max-per-doc", 1);
        long? budget = args.Get("memory") is { } memory ? ParseSize(memory) : null;
        if (!args.Has("stream") && !args.Has("max-per-doc") && budget is null) return null;
        var store = await ShardedSearch.OpenAsync(uri, ct);
        bool stream = args.Has("stream") || args.Has("max-per-doc") || store.Bytes > budget;
        if (!stream) return null;
        if (args.Has("nprobe") || args.Has("build-ivf"))
            throw new UsageException("--nprobe and --build-ivf search a loaded datastore; drop --stream/--max-per-doc or raise --memory");
        return store;
    }

    /// <summary>Runs the search as <see cref="SearchCommand"/> does, printing or writing the same shapes.</summary>
    public static async Task<int> RunAsync(ShardedSearch store, CliArguments args, string? query, string? queriesPath, string? outPath, int k,
        TextWriter @out, CancellationToken ct)
    {
        store.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);
        var options = new ShardedSearchOptions { MaxPerDocument = args.GetInt("max-per-doc", 1), IncludeTexts = query is not null };
        using var embedder = new MiniLmEmbedder();
        var clock = Stopwatch.StartNew();
        if (query is not null)
        {
            var hits = (await store.SearchAsync(embedder.EmbedToMatrix([query], ct), MiniLmEmbedder.Dimensions, k, options, ct))[0];
            await Console.Error.WriteLineAsync($"{store.Shards} shards ({store.Bytes:N0} bytes) streamed in {clock.Elapsed.TotalSeconds:F1} s; exact search{Cap(options)}");
            @out.WriteLine($"{"rank",4}  {"score",6}  {"passage",-24}  {"doc",-16}  text");
            foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
                @out.WriteLine($"{rank,4}  {hit.Score,6:F4}  {hit.PassageId,-24}  {hit.DocId,-16}  {SearchCommand.Snippet(hit.Text ?? "", 100)}");
            return 0;
        }

        // One scan of the store answers every query at once: a batch per scan would re-read it per batch.
        var texts = await SearchCommand.ReadQueriesAsync(queriesPath!, args.Get("query-field") ?? "query", ct);
        var all = await store.SearchAsync(embedder.EmbedToMatrix(texts.ToArray(), ct), MiniLmEmbedder.Dimensions, k, options, ct);
        await using var results = new StreamWriter(outPath!);
        for (int i = 0; i < all.Count; i++)
        {
            var line = new { query_index = i, hits = all[i].Select(h => new { passage_id = h.PassageId, doc_id = h.DocId, score = h.Score }) };
            await results.WriteLineAsync(JsonSerializer.Serialize(line));
        }
        @out.WriteLine($"{texts.Count:N0} queries, top {k}{Cap(options)} streamed from {store.Shards} shards, written to {outPath}");
        return 0;
    }

    private static string Cap(ShardedSearchOptions options) => options.MaxPerDocument is { } n ? $", at most {n} per document" : "";

    private static long ParseSize(string text)
    {
        var t = text.Trim().ToUpperInvariant().TrimEnd('B');
        long unit = t.EndsWith('K') ? 1L << 10 : t.EndsWith('M') ? 1L << 20 : t.EndsWith('G') ? 1L << 30 : t.EndsWith('T') ? 1L << 40 : 1;
        if (unit > 1) t = t[..^1];
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
            ? (long)(v * unit)
            : throw new UsageException($"--memory expects a size such as 512M or 8G, got '{text}'");
    }
}
