using System.Text.Json;
using Sluice.Operators.Embedding;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Search;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Search;

/// <summary>
/// Builds the SciFact datastore once per test class through the real pipeline (read, normalise, chunk 250 words with
/// titles, MiniLM, Arrow shards + manifest), loads it, and embeds the 208 claims.
/// </summary>
public sealed class SciFactFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"sluice-scifact-{Guid.NewGuid():N}");
    public MiniLmEmbedder Embedder { get; } = new();
    public PassageIndex Index { get; private set; } = null!;
    public IReadOnlyList<Claim> Claims { get; private set; } = [];
    public float[] ClaimVectors { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var data = Path.Combine(RepoPaths.Root, "examples", "data");
        var pipeline = Pipeline.Create("scifact-datastore-test")
            .ReadJsonl<Document>(Path.Combine(data, "scifact-abstracts.jsonl"))
            .NormalizeWhitespace()
            .Chunk(new ChunkOptions { Words = 250, PrependTitle = true })
            .Embed(Embedder)
            .WriteArrowShards(Directory, metadata: new Dictionary<string, string>
            {
                ["model"] = MiniLmEmbedder.DefaultModelId,
                ["dimension"] = MiniLmEmbedder.Dimensions.ToString(),
                ["normalized"] = "true",
            })
            .Build();
        var run = await PipelineRunner.RunAsync(pipeline);
        if (run.Error is not null) throw new InvalidOperationException($"datastore run ended {run.Status}", run.Error);
        Index = await PassageIndex.LoadAsync(Directory);
        Claims = File.ReadLines(Path.Combine(data, "scifact-claims.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<Claim>(line, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!)
            .ToArray();
        ClaimVectors = Embedder.EmbedToMatrix(Claims.Select(c => c.Text).ToArray());
    }

    public Task DisposeAsync()
    {
        Embedder.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }


    /// <summary>A SciFact claim and the abstract that answers it.</summary>
    public sealed record Claim(string Id, [property: System.Text.Json.Serialization.JsonPropertyName("claim")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("doc_id")] string DocId);
}
