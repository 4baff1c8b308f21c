// Altogether caption re-alignment: image–alt-text pairs -> decode, validate, resize (Skia) -> uuid and perceptual dedup
// across every shard
// -> clean alt-texts -> a vision-language model re-aligns each alt-text into a caption -> caption–alt similarity
// (MiniLM) -> reference JSON ({shard_id % 100}/{shard_id}.json of {uuid: {"altogether": caption}}) and Parquet
// captions with source, image hash, alt-texts and model. Answers are kept in the response cache in --cache, so a
// resumed or repeated run sends no request twice; rejects (with reasons) land in <output>/_rejects.
//
//   # a VLM behind any OpenAI-compatible server, e.g. vllm serve Qwen/Qwen2.5-VL-7B-Instruct
//   build/bin/sluice run examples/altogether.csx --input 's3://corpus/wds/*.tar' --output out/altogether \
//       --vlm-url http://localhost:8000/v1 --vlm-model Qwen/Qwen2.5-VL-7B-Instruct
//   # by default three bundled GIMP manual pages (examples/data/altogether); the whole manual:
//   # --input '.services/gimp-help/en/*.html' (scripts/fetch-gimp-help.sh); Parquet: '…/*.parquet'
//   # --reference true: as the reference does (docs/altogether.md, "Reference mode"): the raw alt-text set, every
//   # decodable image captioned, no dedup, so the JSON joins back to the source without holes

var input = Param("input", Path.Combine(ScriptDirectory, "data/altogether/*.html"));
var output = Output("out/altogether");
var cache = Param("cache", output.TrimEnd('/') + "-cache");

var vlmOptions = new Sluice.Operators.Llm.Endpoints.OpenAiCompatibleOptions
{
    BaseUrl = new Uri(Param("vlm-url", "http://localhost:8000/v1")),
    Model = Param("vlm-model", "Qwen/Qwen2.5-VL-7B-Instruct"),
};
var vlm = ChatEndpoints.Govern(new OpenAiCompatibleChatClient(vlmOptions), vlmOptions.DisplayName,
    new EndpointGovernanceOptions { MaxConcurrency = Param("concurrency", 64), RequestsPerMinute = Param("rpm", 6000) },
    ResponseCache.Open(cache));
ChatEndpoints.StatsOf(vlm)!.AutoSaveTo(output.TrimEnd('/') + "/endpoint-stats.json");

var resolution = Param("resolution", 448);
var reference = Param("reference", false);
Flow<PreparedImage> Images(PipelineBuilder p) =>
    (input.EndsWith(".tar") ? p.ReadWebDataset(input) : input.EndsWith(".parquet") ? p.ReadParquetImages(input) : p.ReadHtmlImages(input))
    .PrepareImages((reference ? ImageCheckOptions.Reference : new ImageCheckOptions()) with { Resolution = resolution });

// Duplicate uuids and perceptual duplicates are found across every shard first (docs/dedup.md), so no model call is
// spent on an image another shard already has.
var dedup = new ImageDedupOptions { Work = Param("dedup-work", output.TrimEnd('/') + "-dedup"), MaxDistance = Param("phash-distance", 0) };

var workflow = Workflow.Create("altogether");
return (reference ? workflow : workflow.AddImageDedupStages(Images, dedup)).Stage("captions", async ct =>
{
    var p = Pipeline.Create("altogether", new PipelineOptions { BatchSize = 64, RejectsUri = output.TrimEnd('/') + "/_rejects" });
    var images = reference ? Images(p) : Images(p).DropRemoved(await ImageDedupWorkflow.RemovalsAsync(dedup, ct));
    var captions = images
        .CleanAltTexts(reference ? AltTextOptions.Reference : null)
        .Realign(vlm, new RealignOptions { Rounds = Param("rounds", 1), MaxInFlight = Param("concurrency", 64) })
        .ScoreAltSimilarity(new Sluice.Operators.Models.Embedding.MiniLmEmbedder());
    captions.WriteParquet(output.TrimEnd('/') + "/parquet");
    return captions.WriteAltogetherJson(output.TrimEnd('/') + "/json").Build();
});
