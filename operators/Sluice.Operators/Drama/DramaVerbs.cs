using Microsoft.Extensions.AI;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Drama;

/// <summary>
/// DRAMA retriever-training augmentation as pipeline verbs: passages → cropped-sentence or LLM-generated queries →
/// candidates from a datastore (top 50) → optional listwise LLM rerank (top 20) → mined positives and hard negatives →
/// dpr-scale JSONL or Parquet rows.
/// </summary>
/// <remarks>
/// Model answers come through the chat client's response cache, so a resumed run re-sends only what was not answered.
/// Data problems (empty passage, unusable answer, no positive) reject the record with a reason; endpoint failures
/// (refused key, endpoint down) stop the run, which a resume continues.
/// </remarks>
public static class DramaVerbs
{
    /// <summary>Keeps a seeded fraction of passages (see <see cref="RatioMixer.KeepFractions"/> for mixing sources by ratio).</summary>
    [Verb(OperatorRole.Filter, Paper = "DRAMA")]
    public static Flow<Passage> Sample(this Flow<Passage> flow, double fraction, int seed = 7, string? name = null)
    {
        if (fraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1]");
        return flow.Where(p => RatioMixer.Keep(p.Id, fraction, seed), $"not sampled (keeping {fraction:P1})", name ?? "sample");
    }

    /// <summary>Cropped-sentence queries: one sentence per passage (seeded) or every sentence; the passage is the source.</summary>
    [Verb(OperatorRole.Transform, Paper = "DRAMA")]
    public static Flow<PseudoQuery> CropSentences(this Flow<Passage> flow, CropOptions? options = null, string? corpus = null, string? name = null)
    {
        var cropper = new SentenceCropper(options);
        return flow
            .Filter(p => string.IsNullOrWhiteSpace(p.Text) ? "empty passage" : null, (name ?? "crop-sentences") + "-nonempty")
            .FlatMap(p => cropper.Crop(p, corpus), name ?? "crop-sentences");
    }

    /// <summary>
    /// LLM query generation: one query per passage, asked with <see cref="QueryGenerationOptions.Prompt"/> (newlines of
    /// the passage replaced by spaces, over-long passages cut). Unusable answers are rejected with the raw text.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (when the pipeline is declared).</exception>
    [Verb(OperatorRole.Inference, Paper = "DRAMA")]
    public static Flow<PseudoQuery> GenerateQueries(this Flow<Passage> flow, IChatClient client, QueryGenerationOptions? options = null,
        string? corpus = null, string? name = null)
    {
        options ??= new QueryGenerationOptions();
        options.Validate();
        var op = name ?? "generate-queries";
        return flow
            .Filter(p => string.IsNullOrWhiteSpace(p.Text) ? "empty passage" : null, op + "-nonempty")
            .MapBatchOrReject<PseudoQuery>(new QueryGenerator(client, options, corpus).GenerateAsync, op, options.Parallelism);
    }

    /// <summary>Candidates for each query: the top <paramref name="k"/> (default 50) passages of <paramref name="retriever"/>.</summary>
    [Verb(OperatorRole.Inference, Rule = "top 50 candidates per query", Paper = "DRAMA")]
    public static Flow<RetrievedQuery> RetrieveCandidates(this Flow<PseudoQuery> flow, ICandidateRetriever retriever, int k = 50,
        string? name = null, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return flow.MapBatch<RetrievedQuery>(async (batch, ct) =>
        {
            var lists = await retriever.RetrieveAsync(batch.Select(q => q.Text).ToArray(), k, ct);
            if (lists.Count != batch.Count) throw new InvalidDataException($"retriever returned {lists.Count} lists for {batch.Count} queries");
            return batch.Select((q, i) => new RetrievedQuery(q, lists[i])).ToArray();
        }, name ?? "retrieve-candidates", parallelism);
    }

    /// <summary>
    /// Listwise LLM rerank of each query's top <see cref="ListwiseRerankOptions.TopN"/> candidates. The parser tolerates
    /// repeats, missing ids and stray text; an answer that ranks nothing is rejected with its raw text. Mine the result
    /// with <see cref="LabelMiningOptions.Reranked"/>.
    /// </summary>
    [Verb(OperatorRole.Inference, Rule = "listwise LLM rerank of the top 20", Paper = "DRAMA")]
    public static Flow<RetrievedQuery> RerankListwise(this Flow<RetrievedQuery> flow, IChatClient client, ListwiseRerankOptions? options = null,
        string? name = null)
    {
        options ??= new ListwiseRerankOptions();
        options.Validate();
        var op = name ?? "rerank-listwise";
        return flow
            .MapBatchOrReject<RetrievedQuery>(new ListwiseReranker(client, options).RerankAsync, op, options.Parallelism);
    }

    /// <summary>Positives and hard negatives by rank (DRAMA: 1–10 and 30–50); queries without a positive are rejected (counted).</summary>
    [Verb(OperatorRole.Transform, Rule = "positives at ranks 1–10, hard negatives at 30–50", Paper = "DRAMA")]
    public static Flow<MinedExample> MineLabels(this Flow<RetrievedQuery> flow, LabelMiningOptions? options = null, string? name = null)
    {
        options ??= new LabelMiningOptions();
        options.Validate();
        var op = name ?? "mine-labels";
        return flow
            .MapOrReject<MinedExample>(r => LabelMiner.Mine(r, options, out var reason) is { } e ? e : MapResult<MinedExample>.Reject(reason!), op);
    }

    /// <summary>dpr-scale lines (<c>question</c>, <c>positive_ctxs</c>, <c>hard_negative_ctxs</c>); write them with <c>WriteJsonl</c>.</summary>
    [Verb(OperatorRole.Transform, Rule = "dpr-scale training lines", Paper = "DRAMA")]
    public static Flow<DprExample> ToDprExamples(this Flow<MinedExample> flow, string? name = null) => flow.Map(DprExample.From, name ?? "to-dpr");

    /// <summary>Flat rows for <c>WriteParquet</c> / <c>WriteArrowShards</c>.</summary>
    [Verb(OperatorRole.Transform, Paper = "DRAMA")]
    public static Flow<TrainingRow> ToTrainingRows(this Flow<MinedExample> flow, string? name = null) => flow.Map(TrainingRow.From, name ?? "to-rows");
}
