// Prints passages/s for the datastore's embedding on this machine:
//   1. ONNX Runtime model only (tokens prepared beforehand), length-bucketed batches;
//   2. the same with fixed padding (every batch padded to the longest input, no sorting);
//   3. the whole pipeline (read JSONL -> clean -> chunk -> embed -> Arrow shards), as `make run` does.
// Usage: dotnet run -c Release --project bench/Sluice.Bench.Embedding [CORPUS.jsonl]
using System.Diagnostics;
using System.Text.Json;
using Sluice.Operators.Embedding;
using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

var corpus = args.Length > 0 ? args[0] : "examples/data/scifact-abstracts.jsonl";
var chunker = new PassageChunker(new ChunkOptions());
var passages = File.ReadLines(corpus)
    .Select(l => JsonSerializer.Deserialize<Document>(l, SluiceJson.Options)!)
    .Select(d => d with { Text = WhitespaceNormalizer.Normalize(d.Text) })
    .SelectMany(chunker.Chunk).Select(p => p.Text).ToArray();

double ModelOnly(bool bucketing)
{
    using var embedder = new MiniLmEmbedder(new MiniLmOptions { Bucketing = bucketing });
    embedder.Open();
    var tokens = embedder.Tokenize(passages);
    embedder.EmbedTokens(embedder.Tokenize(passages.Take(8).ToArray())); // warm-up
    var clock = Stopwatch.StartNew();
    embedder.EmbedTokens(tokens);
    return passages.Length / clock.Elapsed.TotalSeconds;
}

async Task<double> WholePipeline()
{
    var output = Directory.CreateTempSubdirectory("sluice-bench-embed-").FullName;
    using var embedder = new MiniLmEmbedder();
    embedder.Open();
    var pipeline = Pipeline.Create("bench-embed")
        .ReadJsonl<Document>(corpus).NormalizeWhitespace().Chunk(new ChunkOptions()).Embed(embedder).WriteArrowShards(output).Build();
    var result = await PipelineRunner.RunAsync(pipeline);
    Directory.Delete(output, recursive: true);
    return passages.Length / result.Elapsed.TotalSeconds;
}

var bucketed = ModelOnly(bucketing: true);
var padded = ModelOnly(bucketing: false);
var whole = await WholePipeline();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores; {passages.Length} passages of {corpus}");
Console.WriteLine($"{"ORT model only, length-bucketed",-40} {bucketed,10:F1} passages/s");
Console.WriteLine($"{"ORT model only, fixed padding",-40} {padded,10:F1} passages/s  (bucketing gain {bucketed / padded:F2}x)");
Console.WriteLine($"{"whole pipeline (read..embed..Arrow)",-40} {whole,10:F1} passages/s  ({whole / bucketed:F2}x model-only)");
