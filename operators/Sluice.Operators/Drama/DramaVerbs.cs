using System.Net;
using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;
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
            .MapBatchOrReject<PseudoQuery>((batch, ct) => EachAsync(client, batch, p => GenerateOneAsync(client, p, options, corpus, ct), ct), op, options.Parallelism);
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
            .MapBatchOrReject<RetrievedQuery>((batch, ct) => EachAsync(client, batch, r => RerankOneAsync(client, r, options, ct), ct), op, options.Parallelism);
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

    private static async Task<IReadOnlyList<TOut>> EachAsync<TIn, TOut>(IChatClient client, IReadOnlyList<TIn> batch, Func<TIn, Task<TOut>> call, CancellationToken ct)
    {
        // Every record of the batch is asked at once; the endpoint's adaptive limiter decides how many are in flight.
        var results = await Task.WhenAll(batch.Select(call));
        if (ChatEndpoints.StatsOf(client) is { } stats) await stats.SaveIfConfiguredAsync(ct);
        return results;
    }

    private static async Task<MapResult<PseudoQuery>> GenerateOneAsync(IChatClient client, Passage p, QueryGenerationOptions o, string? corpus, CancellationToken ct)
    {
        var text = ListwiseRerankPrompt.OneLine(p.Text);
        if (text.Length > o.MaxPassageChars)
        {
            var cut = text.LastIndexOf(' ', o.MaxPassageChars);
            text = text[..(cut > o.MaxPassageChars / 2 ? cut : o.MaxPassageChars)];
        }
        var chat = new ChatOptions
        {
            Temperature = o.Temperature,
            TopP = o.TopP,
            MaxOutputTokens = o.MaxOutputTokens,
            Seed = o.Seed is { } seed ? (long)(StableHash.Of(seed, p.Id) & 0x7fffffff) : null,
        };
        var answer = await AskAsync(client, o.Prompt.Render(new Dictionary<string, string> { ["text"] = text }), chat, ct);
        if (answer.Reason is { } failed) return MapResult<PseudoQuery>.Reject(failed);
        var parsed = QueryGenerationParser.Parse(answer.Value, out var reason);
        return parsed is null
            ? MapResult<PseudoQuery>.Reject($"{reason}; raw: {Raw(answer.Value)}")
            : MapResult<PseudoQuery>.Ok(new PseudoQuery($"{p.Id}:qgen", parsed.Query, p.Id, p.Text, "qgen", parsed.Language, parsed.Task, corpus));
    }

    private static async Task<MapResult<RetrievedQuery>> RerankOneAsync(IChatClient client, RetrievedQuery r, ListwiseRerankOptions o, CancellationToken ct)
    {
        var top = r.Candidates.Take(o.TopN).ToArray();
        if (top.Length < 2) return MapResult<RetrievedQuery>.Ok(r with { Candidates = top, Reranked = true });
        var chat = new ChatOptions { Temperature = o.Temperature, MaxOutputTokens = o.MaxOutputTokens };
        var answer = await AskAsync(client, ListwiseRerankPrompt.Build(r.Query.Text, top, o), chat, ct);
        if (answer.Reason is { } failed) return MapResult<RetrievedQuery>.Reject(failed);
        var parse = RankingParser.Parse(answer.Value, top.Length);
        return parse.IsEmpty
            ? MapResult<RetrievedQuery>.Reject($"reranker answer ranks no passage; raw: {Raw(answer.Value)}")
            : MapResult<RetrievedQuery>.Ok(r with { Candidates = ListwiseRerankPrompt.Apply(top, parse), Reranked = true });
    }

    // A request the endpoint refuses for this record alone (400 "prompt too long", 422) is the record's problem: reject it.
    // Everything else (refused key, endpoint down) propagates and stops the run; nothing is lost, a resume asks again.
    private static async Task<(string? Value, string? Reason)> AskAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken ct)
    {
        try
        {
            var response = await client.GetResponseAsync(messages, options, ct);
            return string.IsNullOrWhiteSpace(response.Text) ? (null, "model returned no text") : (response.Text, null);
        }
        catch (EndpointHttpException e) when (!e.IsRetryable && e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge)
        {
            return (null, $"endpoint refused the request: {e.Message}");
        }
    }

    private static string Raw(string? text) => text is null ? "" : text.Length <= 400 ? text : text[..400] + "…";
}
