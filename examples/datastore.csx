// The main job: an OpenScholar-style passage datastore.
// documents {id, title, text} -> clean whitespace -> 256-word passages (no overlap, title prepended unless --title false)
// -> MiniLM embeddings (in process, ONNX Runtime) -> Arrow shards + _manifest.json
// -> then (--bm25 true, the default) a Lucene BM25 index of the passage texts in _bm25/ beside the shards.
//
//   build/bin/sluice run examples/datastore.csx [--input URI] [--output URI] [--words 256] [--title true|false]
//                                               [--bm25 true|false] [--precision float32|float16]
//   (OpenScholar's released datastore: 256 words and no title in the passage text, i.e. --title false; its paper says
//   250 words. Scripts without spaces count each character as a word: --input examples/data/man-zh_CN.jsonl.)
//   (float16 halves the vector bytes; search widens them back to float32, recall@10 vs float32 ≥ 0.99 on SciFact)
//   build/bin/sluice search out/datastore --query "..." -k 5 [--mode dense|bm25|hybrid]

var input = Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var output = Output("out/datastore");
var words = Param("words", 256);
var title = Param("title", true);
var bm25 = Param("bm25", true);
var precision = Param("precision", "float32");
if (precision is not ("float32" or VectorPrecisionVerbs.Float16))
    throw new ArgumentException($"--precision must be float32 or float16, got '{precision}'");

Pipeline Datastore()
{
    var embedder = new Sluice.Operators.Models.Embedding.MiniLmEmbedder();
    var metadata = new Dictionary<string, string>
    {
        ["model"] = embedder.Metadata.DefaultModelId ?? "",
        ["dimension"] = embedder.Metadata.DefaultModelDimensions?.ToString() ?? "",
        ["normalized"] = "true",
        ["chunking"] = $"{words} words, no overlap, " + (title ? "title prepended" : "no title"),
        [VectorPrecisionVerbs.DtypeKey] = precision,
    };
    var embedded = Pipeline.Create("scifact-datastore")
        .ReadJsonl<Document>(input)
        .NormalizeWhitespace()
        .Chunk(new ChunkOptions { Words = words, PrependTitle = title })
        .Embed(embedder);
    return (precision == VectorPrecisionVerbs.Float16
        ? embedded.ToFloat16().WriteArrowShards(output, metadata: metadata)
        : embedded.WriteArrowShards(output, metadata: metadata)).Build();
}

var workflow = Workflow.Create("scifact-datastore").Stage("datastore", Datastore);
// The index is built once the shards are committed (rank 0, after every rank's part), in a local temporary folder,
// then copied beside the shards through the object store; a rerun overwrites it.
return bm25
    ? workflow.Step("bm25", async ct => { using var index = await Bm25Index.BuildAsync(output, ct: ct); })
    : workflow;
