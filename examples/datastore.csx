// The main job: an OpenScholar-style passage datastore.
// documents {id, title, text} -> clean whitespace -> 250-word passages (no overlap, title prepended)
// -> MiniLM embeddings (in process, ONNX Runtime) -> Arrow shards + _manifest.json.
//
//   build/bin/sluice run examples/datastore.csx [--input URI] [--output URI] [--words 250] [--precision float32|float16]
//   (float16 halves the vector bytes; search widens them back to float32, recall@10 vs float32 ≥ 0.99 on SciFact)
//   build/bin/sluice search out/datastore --query "..." -k 5

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var words = Param("words", 250);
var precision = Param("precision", "float32");
var embedder = new Sluice.Operators.Models.Embedding.MiniLmEmbedder();

var metadata = new Dictionary<string, string>
{
    ["model"] = embedder.Metadata.DefaultModelId ?? "",
    ["dimension"] = embedder.Metadata.DefaultModelDimensions?.ToString() ?? "",
    ["normalized"] = "true",
    ["chunking"] = $"{words} whitespace words, no overlap, title prepended",
    [VectorPrecisionVerbs.DtypeKey] = precision,
};

var embedded = Pipeline.Create("scifact-datastore")
    .ReadJsonl<Document>(input)
    .NormalizeWhitespace()
    .Chunk(new ChunkOptions { Words = words, PrependTitle = true })
    .Embed(embedder);

var pipeline = (precision switch
{
    "float32" => embedded.WriteArrowShards(Output("out/datastore"), metadata: metadata),
    VectorPrecisionVerbs.Float16 => embedded.ToFloat16().WriteArrowShards(Output("out/datastore"), metadata: metadata),
    _ => throw new ArgumentException($"--precision must be float32 or float16, got '{precision}'"),
}).Build();

return pipeline;
