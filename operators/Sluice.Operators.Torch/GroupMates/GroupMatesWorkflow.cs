using System.Globalization;
using System.Text.Json;
using Sluice.Operators.Clustering;
using Sluice.Operators.Selection;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// Group-MATES data selection as workflow stages (<c>docs/group-mates.md</c>): the recipe composed from the probe LM,
/// the oracle, the relational influence model, the one k-means and group selection. Pipeline stages spread their units
/// over ranks; steps run once, on rank 0, and write whole files, so a rerun skips what is done and a kill loses nothing.
/// </summary>
public static class GroupMatesWorkflow
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Adds the seven stages: <c>tokenize</c> (pipeline), <c>pretrain</c> (step), <c>oracle</c> (pipeline), <c>fit</c>
    /// (step), <c>score</c> (pipeline), <c>select</c> (step) and <c>materialise</c> (pipeline).
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid (thrown here, before anything runs).</exception>
    public static Workflow AddGroupMatesStages(this Workflow workflow, GroupMatesOptions options)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var o = options with { Work = Path.GetFullPath(options.Work) };
        return workflow
            .Stage("tokenize", ct => TokenizeAsync(o, ct))
            .Step("pretrain", ct => PretrainAsync(o, ct))
            .Stage("oracle", ct => OracleAsync(o, ct))
            .Step("fit", ct => FitAsync(o, ct))
            .Stage("score", ct => ScoreAsync(o, ct))
            .Step("select", ct => SelectAsync(o, ct))
            .Stage("materialise", () => Materialise(o));
    }

    private static string W(GroupMatesOptions o, params string[] parts) => Path.Combine([o.Work, .. parts]);

    private static Task<List<SequenceRow>> SequencesAsync(GroupMatesOptions o, CancellationToken ct) =>
        RecordCollector.CollectAsync(p => p.ReadJsonl<SequenceRow>(W(o, "sequences")), ct);

    private static RelationalInfluenceModel Influence(GroupMatesOptions o) =>
        RelationalInfluenceModel.Load(W(o, "influence", "model.txt"), TorchMiniLmEmbedder.Dimensions);

    // 1a. A compact vocabulary from a sample, then each document's first Context + 1 tokens; shorter documents are
    //     rejected with the reason (sequences/_rejects).
    private static async Task<Pipeline> TokenizeAsync(GroupMatesOptions o, CancellationToken ct)
    {
        var vocab = W(o, "vocab.txt");
        if (!File.Exists(vocab))
        {
            var sample = await RecordCollector.CollectAsync(p => p.ReadJsonl<Document>(o.Documents), ct);
            RunFiles.WriteOnce(vocab, ProbeTokenizer.Compact(sample.Take(o.VocabularySample).Select(d => d.Text), o.ProbeLm.VocabularySize).Save);
        }
        var tokenizer = ProbeTokenizer.Load(vocab);
        var length = o.ProbeLm.Context + 1;
        return Pipeline.Create("group-mates-tokenize")
            .ReadJsonl<Document>(o.Documents)
            .MapOrReject<SequenceRow>(d => tokenizer.Sequence(d.Text, length, out var reason) is { } tokens
                ? new SequenceRow(d.Id, tokens, ProbeTokenizer.SequenceText(d.Text, length))
                : MapResult<SequenceRow>.Reject(reason!), name: "tokenize")
            .WriteJsonl(W(o, "sequences"))
            .Build();
    }

    // 1b. The probe LM checkpoint: trained on the pretraining sample, or the given checkpoint (its shape is checked).
    private static async Task PretrainAsync(GroupMatesOptions o, CancellationToken ct)
    {
        using var lm = o.Checkpoint is { Length: > 0 } given ? ProbeLm.Load(given, o.ProbeLm) : ProbeLm.Create(o.ProbeLm, o.Seed);
        if (o.Checkpoint is not { Length: > 0 })
        {
            var rows = (await SequencesAsync(o, ct)).Skip(o.ReferenceCount).Take(o.PretrainCount).ToArray();
            var random = new Random(o.Seed);
            for (var step = 0; step < o.PretrainSteps; step++)
            {
                ct.ThrowIfCancellationRequested();
                lm.TrainStep(Enumerable.Range(0, 16).Select(_ => rows[random.Next(rows.Length)].Tokens).ToArray(), 3e-3);
            }
        }
        RunFiles.WriteWhole(W(o, "checkpoint", "probe-lm.bin"), lm.Save);
    }

    // 2. Oracle rollouts: plan files of RolloutsPerUnit ids are the work units, spread over ranks.
    private static async Task<Pipeline> OracleAsync(GroupMatesOptions o, CancellationToken ct)
    {
        for (var f = 0; f * o.RolloutsPerUnit < o.Rollouts; f++)
        {
            var ids = Enumerable.Range(f * o.RolloutsPerUnit, Math.Min(o.RolloutsPerUnit, o.Rollouts - f * o.RolloutsPerUnit));
            RunFiles.WriteOnce(W(o, "rollout-plan", $"part-{f:D5}.jsonl"), path => File.WriteAllLines(path, ids.Select(r => $"{{\"rollout_id\":{r}}}")));
        }
        var rows = await SequencesAsync(o, ct);
        var reference = rows.Take(o.ReferenceCount).Select(r => r.Tokens).ToArray();
        var pool = rows.Skip(o.ReferenceCount + o.PretrainCount).Take(o.ProbePool).Select(r => new ProbeSequence(r.Id, r.Tokens)).ToArray();
        // Model and prober live as long as the process: the stage's pipeline uses them until it ends.
        var model = ProbeLm.Load(W(o, "checkpoint", "probe-lm.bin"), o.ProbeLm);
        var prober = new OracleProber(model, pool, reference, o.Oracle);
        var gate = new object(); // one model: units in flight at once take turns
        return Pipeline.Create("group-mates-oracle")
            .ReadJsonl<RolloutTask>(W(o, "rollout-plan"))
            .MapOrReject<OracleRollout>(t =>
            {
                OracleRollout rollout;
                lock (gate) rollout = prober.Probe(t.RolloutId);
                return rollout.RejectReason is { } reason ? MapResult<OracleRollout>.Reject(reason) : rollout;
            }, name: "probe", parallelism: 1)
            .FlatMap(r => r.Scores.Select((s, k) => new OracleStepRow(r.RolloutId, k + 1, r.DocumentIds[k], s)), name: "steps")
            .WriteParquet(W(o, "oracle"))
            .Build();
    }

    // 3. MiniLM vectors of the probed documents, then the relational influence model (best held-out Spearman kept).
    private static async Task FitAsync(GroupMatesOptions o, CancellationToken ct)
    {
        var steps = await RecordCollector.CollectAsync(p => p.ReadParquet<OracleStepRow>(W(o, "oracle")), ct);
        var text = (await SequencesAsync(o, ct)).ToDictionary(r => r.Id, r => r.Text);
        var ids = steps.Select(s => s.DocumentId).Distinct().Order(StringComparer.Ordinal).ToArray();
        using var embedder = new TorchMiniLmEmbedder();
        var vectors = DocumentEncoder.Encode(embedder, ids.Select(i => text[i]).ToArray(), ct: ct);
        const int d = TorchMiniLmEmbedder.Dimensions;
        var row = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var groups = steps.GroupBy(s => s.RolloutId).OrderBy(g => g.Key).Select(g => g.OrderBy(s => s.Step).ToArray())
            .Select(g => new InfluenceRollout(g.SelectMany(s => vectors.AsSpan(row[s.DocumentId] * d, d).ToArray()).ToArray(), g.Select(s => s.Score).ToArray()))
            .ToList();
        var (model, report) = RelationalInfluenceModel.Fit(groups, d, new InfluenceModelOptions { Relational = o.Relational });
        Directory.CreateDirectory(W(o, "influence"));
        RunFiles.WriteWhole(W(o, "influence", "model.txt"), model.Save);
        await File.WriteAllTextAsync(W(o, "influence", "report.json"), JsonSerializer.Serialize(report, Indented), ct);
    }

    // 4. Streaming inference over the pool: (id, h, predicted s) Arrow shards.
    // The reference set (the oracle's target) is left out of the pool: selecting it would train on the evaluation data.
    private static async Task<Pipeline> ScoreAsync(GroupMatesOptions o, CancellationToken ct)
    {
        var reference = (await RecordCollector.CollectAsync(p => p.ReadJsonl<SequenceRow>(W(o, "sequences")).Map(r => r.Id, "id"), ct))
            .Take(o.ReferenceCount).ToHashSet(StringComparer.Ordinal);
        var model = Influence(o);
        var embedder = new TorchMiniLmEmbedder();
        const int d = TorchMiniLmEmbedder.Dimensions;
        return Pipeline.Create("group-mates-score")
            .ReadJsonl<SequenceRow>(W(o, "sequences"))
            .Where(r => !reference.Contains(r.Id), "in the reference set: never part of the pool", name: "not-reference")
            .MapBatch<ScoredDocument>((batch, ct) =>
            {
                var h = DocumentEncoder.Encode(embedder, batch.Select(r => r.Text).ToArray(), ct: ct);
                var s = model.ScoreIndividual(h);
                return Task.FromResult<IReadOnlyList<ScoredDocument>>(batch.Select((r, i) => new ScoredDocument(r.Id, h.AsSpan(i * d, d).ToArray(), s[i])).ToArray());
            }, name: "encode-and-score", parallelism: 1)
            .WriteArrowShards(W(o, "scores"), metadata: new Dictionary<string, string>
            {
                ["alpha"] = model.Alpha.ToString("R", CultureInfo.InvariantCulture), ["tau"] = model.Tau.ToString("R", CultureInfo.InvariantCulture),
            })
            .Build();
    }

    // 5–6. Spherical mini-batch k-means over h, then group selection per cluster at Ratio, streaming the scores
    //      (pools larger than memory: clusters are selected in groups of at most MaxRowsInMemory documents).
    private static async Task SelectAsync(GroupMatesOptions o, CancellationToken ct)
    {
        var model = Influence(o);
        var options = new PoolSelectionOptions
        {
            KMeans = new CosineKMeansOptions { Clusters = o.Clusters, Seed = o.KMeansSeed },
            Selection = new GroupSelectionOptions
            {
                Ratio = o.Ratio,
                Alpha = o.FixedAlphaTau ? 1f : model.Alpha,
                Tau = o.FixedAlphaTau ? 1f : model.Tau,
            },
            Epochs = o.KMeansEpochs,
            MaxRowsInMemory = o.MaxRowsInMemory,
        };
        var result = await PoolSelection.SelectAsync(() => DatasetReader.ReadAsync<ScoredDocument>(W(o, "scores"), ct), options, ct);
        RunFiles.WriteWhole(W(o, "selection", "selected.jsonl"), path => File.WriteAllLines(path, result.Selected.Select(s => JsonSerializer.Serialize(s, SluiceJson.Options))));
        await File.WriteAllTextAsync(W(o, "selection", "report.json"), JsonSerializer.Serialize(new
        {
            pool = result.Pool, selected = result.Selected.Count, clusters = options.KMeans.Clusters, empty_clusters = result.EmptyClusters,
            empty_reseeded = result.EmptyClustersReseeded, passes = result.Passes,
        }, Indented), ct);
    }

    // 7. The selected documents as a Sluice dataset; every other document is a reject "not selected by Group-MATES".
    private static Pipeline Materialise(GroupMatesOptions o)
    {
        var keep = File.ReadLines(W(o, "selection", "selected.jsonl"))
            .Select(l => JsonSerializer.Deserialize<SelectedDocument>(l, SluiceJson.Options)!.Id).ToHashSet(StringComparer.Ordinal);
        return Pipeline.Create("group-mates-materialise")
            .ReadJsonl<Document>(o.Documents)
            .Where(d => keep.Contains(d.Id), "not selected by Group-MATES", name: "selected")
            .WriteJsonl(o.Output ?? W(o, "selected"))
            .Build();
    }
}
