using Microsoft.Extensions.AI;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Models.Embedding;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images.Altogether;

/// <summary>The Altogether verbs: clean alt-texts, re-align captions, score them, build training pairs, write reference JSON.</summary>
public static class AltogetherVerbs
{
    /// <summary>
    /// Cleans each image's alt-texts (<see cref="AltTextCleaner"/>): trivial ones dropped, the rest de-duplicated.
    /// With <see cref="AltTextOptions.RequireAltText"/> an image left without alt-text is a reject;
    /// <see cref="AltTextOptions.Reference"/> keeps the raw alt-text set as the reference prompts with it.
    /// </summary>
    [Verb(OperatorRole.Transform, Paper = "Altogether")]
    public static Flow<PreparedImage> CleanAltTexts(this Flow<PreparedImage> flow, AltTextOptions? options = null, string? name = null)
    {
        var cleaner = new AltTextCleaner(options);
        var op = name ?? "clean-alt-texts";
        var cleaned = flow.Map(i => i with { AltTexts = cleaner.CleanAll(i.AltTexts) }, op);
        return cleaner.Options.RequireAltText
            ? cleaned.Filter(i => i.AltTexts.Count == 0 ? "no alt-text left after cleaning" : null, op + "-required")
            : cleaned;
    }

    /// <summary>
    /// Re-aligns alt-texts into captions with a vision-language chat client (pass the endpoint layer's governed one).
    /// Refused requests and empty answers are rejects with the reason; other failures fault the run.
    /// </summary>
    /// <param name="flow">Prepared images with cleaned alt-texts.</param>
    /// <param name="client">The model.</param>
    /// <param name="options">Prompt and decoding; default <see cref="RealignOptions"/>.</param>
    /// <param name="name">Operator name; default <c>realign</c>.</param>
    /// <param name="parallelism">Batches in flight; default 4 (requests are also capped by <see cref="RealignOptions.MaxInFlight"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (when declared).</exception>
    [Verb(OperatorRole.Inference, Paper = "Altogether")]
    public static Flow<AltogetherCaption> Realign(this Flow<PreparedImage> flow, IChatClient client, RealignOptions? options = null,
        string? name = null, int parallelism = 4)
    {
        var realigner = new CaptionRealigner(client, options);
        var op = name ?? "realign";
        return flow.MapBatchOrReject<AltogetherCaption>(realigner.RealignAsync, op, parallelism);
    }

    /// <summary>
    /// Adds the caption–alt-text cosine similarity (MiniLM sentence embeddings of the caption and of the joined
    /// alt-texts); captions without alt-text keep a null similarity.
    /// </summary>
    [Verb(OperatorRole.Inference, Rule = "MiniLM cosine of caption and alt-texts", Paper = "Altogether")]
    public static Flow<AltogetherCaption> ScoreAltSimilarity(this Flow<AltogetherCaption> flow, MiniLmEmbedder embedder, string? name = null) =>
        flow.MapBatch<AltogetherCaption>((batch, ct) =>
        {
            var withAlt = batch.Select((c, i) => (c, i)).Where(x => x.c.AltTexts.Count > 0).ToArray();
            var texts = new List<string>(withAlt.Length * 2);
            foreach (var (c, _) in withAlt) { texts.Add(c.Caption); texts.Add(string.Join("; ", c.AltTexts)); }
            var m = embedder.EmbedToMatrix(texts, ct);
            var result = batch.ToArray();
            const int d = MiniLmEmbedder.Dimensions;
            for (var k = 0; k < withAlt.Length; k++)
            {
                var dot = 0f;
                for (var j = 0; j < d; j++) dot += m[2 * k * d + j] * m[(2 * k + 1) * d + j];
                result[withAlt[k].i] = withAlt[k].c with { AltSimilarity = dot };
            }
            return Task.FromResult<IReadOnlyList<AltogetherCaption>>(result);
        }, name ?? "score-alt-similarity", parallelism: 1);

    /// <summary>Builds re-aligner training pairs; an image without alt-text is a reject.</summary>
    [Verb(OperatorRole.Transform, Paper = "Altogether")]
    public static Flow<TrainingPair> BuildTrainingPairs(this Flow<PreparedImage> flow, TrainingPairBuilder? builder = null, string? name = null)
    {
        var b = builder ?? new TrainingPairBuilder();
        var op = name ?? "training-pairs";
        return flow.Filter(i => i.AltTexts.Count == 0 ? "no alt-text to build a training target from" : null, op)
            .Map(i => b.Build(i)!, op + "-build");
    }

    /// <summary>Writes captions in the reference layout, <c>{shard_id % 100}/{shard_id}.json</c> of <c>{uuid: {"altogether": caption}}</c>.</summary>
    [Verb(OperatorRole.Sink, Rule = "reference layout {shard_id % 100}/{shard_id}.json", Paper = "Altogether")]
    public static PipelineBuilder WriteAltogetherJson(this Flow<AltogetherCaption> flow, string uri, string? name = null) =>
        flow.Write(new AltogetherJsonSink(uri), name ?? "write-altogether-json");
}
