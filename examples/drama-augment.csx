// DRAMA retriever-training data: passages of a datastore -> cropped-sentence and LLM-generated queries
// -> top-50 candidates from the same datastore -> listwise LLM rerank of the top 20 -> positive (rank 1) and
// hard negatives (ranks 10-20) -> dpr-scale JSONL. Every model answer goes through the response cache in --cache,
// so a resumed or repeated run sends no request twice; endpoint counters land in <output>/endpoint-stats.json.
//
//   export OPENAI_API_KEY=...            # any OpenAI-compatible server: vLLM, llama.cpp server, Ollama, OpenAI
//   build/bin/sluice run examples/drama-augment.csx --output out/drama --run out/drama-run \
//       --llm-url http://localhost:8000/v1 --llm-model Llama-3.3-70B-Instruct
//   (kill it at any point and run the same command again: it resumes)
// Without --datastore the script is a two-stage workflow whose first stage builds a datastore of the bundled SciFact
// abstracts (as examples/datastore.csx does); --datastore out/datastore uses one built already.

var datastore = Param("datastore", "");
var output = Output("out/drama");
var cache = Param("cache", output.TrimEnd('/') + "-cache");
var negatives = Param("negatives", 0);                   // 0 keeps the whole window with scores; the paper samples 7 (3 for 1B)
// true: every query's candidates are reranked by the LLM; false: labels from retrieval ranks only; mixed: the paper's
// mixture in one output, cropped-sentence queries labelled by retrieval ranks and generated queries reranked (each line
// says which: "origin" crop|qgen and "reranked").
var rerank = Param("rerank", "true");
if (rerank is not ("true" or "false" or "mixed")) throw new ArgumentException($"--rerank takes true, false or mixed, not '{rerank}'");

var llm = ChatEndpoints.OpenAiCompatible(
    new OpenAiCompatibleOptions { BaseUrl = new Uri(Param("llm-url", "http://localhost:8000/v1")), Model = Param("llm-model", "Llama-3.3-70B-Instruct") },
    new EndpointGovernanceOptions { MaxConcurrency = Param("concurrency", 64), RequestsPerMinute = Param("rpm", 6000), TokensPerMinute = Param("tpm", 4_000_000) },
    cacheUri: cache);
ChatEndpoints.StatsOf(llm)!.AutoSaveTo(output.TrimEnd('/') + "/endpoint-stats.json");

// Optional: prompt files replace Sluice's wording (e.g. with the paper's exact text) without code changes; start from a
// copy of operators/Sluice.Operators/Drama/Prompts/query-generation.json or listwise-rerank.json.
var qgen = new QueryGenerationOptions();
if (Param("qgen-prompt", "") is { Length: > 0 } promptFile) qgen = qgen with { Prompt = PromptTemplate.Load(promptFile) };
var rerankOptions = new ListwiseRerankOptions();
if (Param("rerank-prompt", "") is { Length: > 0 } rerankFile) rerankOptions = rerankOptions with { Prompt = PromptTemplate.Load(rerankFile) };

var store = datastore.Length > 0 ? datastore : output.TrimEnd('/') + "-datastore";

// The retriever that labels candidates: the embedded MiniLM by default, or (as the paper does) an LLM-based retriever
// served over /v1/embeddings, e.g. --embed-url http://localhost:8001/v1 --embed-model castorini/repllama-v1-7b-lora-passage
// --retriever-prompts repllama (query/passage markers; none | e5 | repllama). A --datastore given must have been embedded
// by the same model with the same passage marker.
var embedUrl = Param("embed-url", "");
var prompts = RetrieverPrompts.Named(Param("retriever-prompts", "none"));
var embedder = embedUrl.Length == 0
    ? Embedders.MiniLM()
    : Embedders.OpenAiCompatible(new Sluice.Operators.Models.Embedding.OpenAiEmbeddingOptions { BaseUrl = new Uri(embedUrl), Model = Param("embed-model", "") });

// Opening the retriever reads the datastore, so it happens when the stage runs, after the datastore exists.
Pipeline Augment()
{
    var retriever = PassageIndexRetriever.Open(store, embedder.ForQueries(prompts));

    var p = Pipeline.Create("drama-augment");
    var passages = p.ReadArrow<EmbeddedPassage>(store)
        .Map(e => new Passage(e.Id, e.DocId, e.PassageIndex, e.Title, e.Text, e.CharStart, e.CharEnd), "to-passage");
    var crops = passages.CropSentences(new CropOptions { Mode = CropMode.OnePerPassage });
    var generated = passages.GenerateQueries(llm, qgen);
    int? draw = negatives > 0 ? negatives : null;
    Flow<MinedExample> Label(Flow<PseudoQuery> queries, bool reranked, string suffix)
    {
        var candidates = queries.RetrieveCandidates(retriever, k: 50, name: "retrieve" + suffix);
        return reranked
            ? candidates.RerankListwise(llm, rerankOptions, "rerank" + suffix).MineLabels(LabelMiningOptions.Reranked with { NegativesPerQuery = draw }, "labels" + suffix)
            : candidates.MineLabels(new LabelMiningOptions { NegativesPerQuery = draw }, "labels" + suffix);
    }
    var labelled = rerank == "mixed"
        ? Label(crops, false, "-crop").Merge([Label(generated, true, "-qgen")])
        : Label(crops.Merge([generated]), rerank == "true", "");

    return labelled.ToDprExamples().WriteJsonl(output, Compression.None).Build();
}

if (datastore.Length > 0) return Augment();
return Workflow.Create("drama-augment")
    .Stage("datastore", () => Pipeline.Create("scifact-datastore")
        .ReadJsonl<Document>(Param("input", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl")))
        .NormalizeWhitespace()
        .Chunk(new ChunkOptions { Words = 250, PrependTitle = true })
        .Embed(embedder.ForPassages(prompts))
        .WriteArrowShards(store)
        .Build())
    .Stage("augment", Augment);
