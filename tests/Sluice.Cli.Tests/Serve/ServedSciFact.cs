using Sluice.Cli.Serve;
using Sluice.Operators.Embedding;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Sluice.Operators.Search.Lexical;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Serve;

/// <summary>
/// The bundled SciFact abstracts made into a datastore by the real pipeline (chunk 100 words, MiniLM, Arrow shards),
/// with its BM25 index, loaded with texts and served on a free loopback port, once per test class.
/// </summary>
public sealed class ServedSciFact : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"sluice-serve-{Guid.NewGuid():N}");
    public MiniLmEmbedder Embedder { get; } = new();
    public PassageIndex Index { get; private set; } = null!;
    public Bm25Index Bm25 { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string[] Claims { get; private set; } = [];
    internal SearchServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pipeline = Pipeline.Create("serve-test-datastore")
            .ReadJsonl<Document>(RepoPaths.ScifactAbstracts)
            .Chunk(new ChunkOptions { Words = 100, PrependTitle = true })
            .Embed(Embedder)
            .WriteArrowShards(Directory, metadata: new Dictionary<string, string>
            {
                ["model"] = MiniLmEmbedder.DefaultModelId,
                ["dimension"] = MiniLmEmbedder.Dimensions.ToString(),
            })
            .Build();
        var run = await PipelineRunner.RunAsync(pipeline);
        if (run.Error is not null) throw new InvalidOperationException($"datastore run ended {run.Status}", run.Error);
        Index = await PassageIndex.LoadAsync(Directory, new PassageIndexOptions { IncludeTexts = true });
        Claims = File.ReadLines(RepoPaths.Of("examples", "data", "scifact-claims.jsonl")).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("claim").GetString()!).ToArray();
        Bm25 = await Bm25Index.BuildAsync(Directory);
        Server = await SearchServer.StartAsync([new ServedDatastore("scifact", Index, Bm25)], Embedder,
            new ServeOptions { Port = 0, MaxQueriesPerRequest = 64, MaxK = 100, MaxBodyBytes = 64 << 10 }, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(Server.Address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Bm25.Dispose();
        Embedder.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
