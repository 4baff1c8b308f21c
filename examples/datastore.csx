// The main job: an OpenScholar-style passage datastore.
// documents {id, title, text} -> clean whitespace -> 250-word passages (no overlap, title prepended)
// -> MiniLM embeddings (in process, ONNX Runtime) -> Arrow shards + _manifest.json.
//
//   build/bin/sluice run examples/datastore.csx [--input URI] [--output URI] [--words 250]
//   build/bin/sluice search out/datastore --query "..." -k 5

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var words = Param("words", 250);
var embedder = new Sluice.Operators.Models.Embedding.MiniLmEmbedder();

var pipeline = Pipeline.Create("scifact-datastore")
    .ReadJsonl<Document>(input)
    .NormalizeWhitespace()
    .Chunk(new ChunkOptions { Words = words, PrependTitle = true })
    .Embed(embedder)
    .WriteArrowShards(Output("out/datastore"), metadata: new Dictionary<string, string>
    {
        ["model"] = embedder.Metadata.DefaultModelId ?? "",
        ["dimension"] = embedder.Metadata.DefaultModelDimensions?.ToString() ?? "",
        ["normalized"] = "true",
        ["chunking"] = $"{words} whitespace words, no overlap, title prepended",
    })
    .Build();

return pipeline;
