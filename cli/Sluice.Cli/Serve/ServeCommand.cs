using Sluice.Cli.Commands;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;

namespace Sluice.Cli.Serve;

/// <summary>
/// <c>sluice serve DATASTORE [NAME=DATASTORE ...] [--host H] [--port N] [--max-queries N] [--max-k N]
/// [--max-body-bytes N] [--max-concurrent N]</c>: loads each datastore with its texts, then answers the HTTP search
/// API (docs/serve.md) until Ctrl+C or SIGTERM, which stop new connections and let requests in flight finish.
/// A datastore is named by <c>NAME=</c> or else by its last path segment.
/// </summary>
internal static class ServeCommand
{
    private const string Usage = "usage: sluice serve DATASTORE_URI [NAME=DATASTORE_URI ...] [--host 127.0.0.1] [--port 8080] [--max-queries 256] [--max-k 1000] [--max-body-bytes 1048576] [--max-concurrent N]";

    /// <summary>How long a stop waits for requests in flight.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, TextWriter err, CancellationToken stop)
    {
        if (args.Positional.Count == 0) throw new UsageException(Usage);
        var defaults = new ServeOptions();
        var options = new ServeOptions
        {
            Host = args.Get("host") ?? defaults.Host,
            Port = args.GetInt("port", 0) ?? defaults.Port,
            MaxQueriesPerRequest = args.GetInt("max-queries", 1) ?? defaults.MaxQueriesPerRequest,
            MaxK = args.GetInt("max-k", 1) ?? defaults.MaxK,
            MaxBodyBytes = args.GetInt("max-body-bytes", 16) ?? defaults.MaxBodyBytes,
            MaxConcurrentRequests = args.GetInt("max-concurrent", 1) ?? defaults.MaxConcurrentRequests,
        };
        if (options.Port > 65535) throw new UsageException($"--port must be at most 65535, got {options.Port}");

        var datastores = new List<ServedDatastore>();
        foreach (var (name, uri) in args.Positional.Select(Split))
        {
            if (datastores.Any(d => d.Name == name)) throw new UsageException($"two datastores are named '{name}'; name them with NAME=URI");
            var index = await PassageIndex.LoadAsync(uri, new PassageIndexOptions { IncludeTexts = true }, stop);
            // Refuse at start, not per request: vectors of another model would give confident nonsense.
            index.EnsureEmbeddingModel(MiniLmEmbedder.DefaultModelId, MiniLmEmbedder.Dimensions);
            // BM25 and hybrid are offered when an index lies beside the datastore; a stale one is refused (LoadAsync throws).
            var bm25 = await Bm25Index.LoadAsync(uri, ct: stop);
            datastores.Add(new ServedDatastore(name, index, bm25));
            await err.WriteLineAsync($"loaded '{name}': {index.Count:N0} passages from {uri}; " +
                                     (bm25 is null ? "no BM25 index, dense only" : "BM25 index found: dense, bm25 and hybrid"));
        }

        using var embedder = new MiniLmEmbedder();
        await using var server = await SearchServer.StartAsync(datastores, embedder, options, stop);
        await @out.WriteLineAsync($"serving {datastores.Count} datastore(s) at {server.Address}: POST /search, GET /health, GET /stats, GET /openapi.json");
        await @out.FlushAsync(stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            await err.WriteLineAsync("stopping: no new connections; finishing requests in flight");
        }
        await server.StopAsync(Drain);
        foreach (var datastore in datastores) datastore.Dispose();
        return 0;
    }

    private static (string Name, string Uri) Split(string argument)
    {
        var eq = argument.IndexOf('=');
        // "s3://bucket/x=y" is a URI, not a name: a name never holds '/' or ':'.
        if (eq > 0 && argument.AsSpan(0, eq).IndexOfAny('/', ':') < 0) return (argument[..eq], argument[(eq + 1)..]);
        var trimmed = argument.TrimEnd('/');
        var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return (name.Length > 0 ? name : argument, argument);
    }
}
