// Group-MATES data selection (docs/group-mates.md) as one workflow of seven stages over a corpus of {id, title, text}
// JSONL documents. Pipeline stages spread their units over ranks; steps run once, on rank 0.
//
//   build/bin/sluice run examples/group-mates.csx --run out/gm-run [--work out/group-mates] [--docs corpus.jsonl]
//   build/bin/sluice launch slurm examples/group-mates.csx --world-size 4 --run /shared/gm-run --work /shared/gm
//
// The defaults are toy-sized (about a minute on 2 cores over the bundled SciFact abstracts); the proof's scale is
// --vocab 2048 --width 64 --depth 2 --context 32 --steps 1000 --rollouts 3000 --reference 32 (bench/group-mates).
// A rerun with the same --run skips every finished stage; a killed stage resumes from its committed units.

#r "sluice: torch"
using System.Text.Json;

// LibTorch's intra-op threads spin while they wait: on a shared machine one thread per process is much faster.
TorchSharp.torch.set_num_threads(1);

var docs = Param("docs", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl"));
var work = Path.GetFullPath(Param("work", "out/group-mates"));
var shape = new ProbeLmOptions
{
    VocabularySize = Param("vocab", 512), Width = Param("width", 32), Depth = Param("depth", 1), Heads = Param("heads", 2), Context = Param("context", 16),
};
var referenceCount = Param("reference", 16);         // the first sequences: the oracle's reference set
var pretrainCount = Param("pretrain-sequences", 60); // the next ones: the probe LM's pretraining sample
var rollouts = Param("rollouts", 40);
var rolloutsPerUnit = Param("rollouts-per-unit", 10);
var seed = Param("seed", 1);
string W(params string[] parts) => Path.Combine([work, .. parts]);
var indented = new JsonSerializerOptions { WriteIndented = true };

// A step's outputs are written whole, then renamed over the last ones: a step killed part-way leaves nothing half-written.
void WriteWhole(string path, Action<string> write)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var temp = $"{path}.tmp-{Environment.ProcessId}";
    write(temp);
    File.Move(temp, path, overwrite: true);
}
// Inputs a stage makes for itself are written by every rank that starts it: the first file wins and stays, so the
// inputs' fingerprints (and the stage's resume) do not change.
void WriteOnce(string path, Action<string> write)
{
    if (File.Exists(path)) return;
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var temp = $"{path}.tmp-{Environment.ProcessId}";
    write(temp);
    try { File.Move(temp, path, overwrite: false); }
    catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
}
Task<List<SequenceRow>> Sequences(CancellationToken ct) => RecordCollector.CollectAsync(p => p.ReadJsonl<SequenceRow>(W("sequences")), ct);
RelationalInfluenceModel Influence() => RelationalInfluenceModel.Load(W("influence", "model.txt"), TorchMiniLmEmbedder.Dimensions);

var workflow = Workflow.Create("group-mates")
    // 1a. A compact vocabulary from a sample, then each document's first Context + 1 tokens; shorter documents are
    //     rejected with the reason (sequences/_rejects).
    .Stage("tokenize", async ct =>
    {
        var vocab = W("vocab.txt");
        if (!File.Exists(vocab))
        {
            var sample = await RecordCollector.CollectAsync(p => p.ReadJsonl<Document>(docs), ct);
            WriteOnce(vocab, ProbeTokenizer.Compact(sample.Take(Param("vocab-sample", 3000)).Select(d => d.Text), shape.VocabularySize).Save);
        }
        var tokenizer = ProbeTokenizer.Load(vocab);
        var length = shape.Context + 1;
        return Pipeline.Create("group-mates-tokenize")
            .ReadJsonl<Document>(docs)
            .Filter(d => tokenizer.Sequence(d.Text, length, out var reason) is null ? reason : null, name: "long-enough")
            .Map(d => new SequenceRow(d.Id, tokenizer.Sequence(d.Text, length, out _)!, ProbeTokenizer.SequenceText(d.Text, length)), name: "tokenize")
            .WriteJsonl(W("sequences"))
            .Build();
    })
    // 1b. The probe LM checkpoint: trained on the pretraining sample, or --checkpoint FILE (its shape is checked).
    .Step("pretrain", async ct =>
    {
        var given = Param("checkpoint", "");
        using var lm = given.Length > 0 ? ProbeLm.Load(given, shape) : ProbeLm.Create(shape, seed);
        if (given.Length == 0)
        {
            var rows = (await Sequences(ct)).Skip(referenceCount).Take(pretrainCount).ToArray();
            var random = new Random(seed);
            for (var step = 0; step < Param("steps", 50); step++)
            {
                ct.ThrowIfCancellationRequested();
                lm.TrainStep(Enumerable.Range(0, 16).Select(_ => rows[random.Next(rows.Length)].Tokens).ToArray(), 3e-3);
            }
        }
        WriteWhole(W("checkpoint", "probe-lm.bin"), lm.Save);
    })
    // 2. Oracle rollouts: plan files of --rollouts-per-unit ids are the work units, spread over ranks.
    .Stage("oracle", async ct =>
    {
        for (var f = 0; f * rolloutsPerUnit < rollouts; f++)
        {
            var ids = Enumerable.Range(f * rolloutsPerUnit, Math.Min(rolloutsPerUnit, rollouts - f * rolloutsPerUnit));
            WriteOnce(W("rollout-plan", $"part-{f:D5}.jsonl"), path => File.WriteAllLines(path, ids.Select(r => $"{{\"rollout_id\":{r}}}")));
        }
        var rows = await Sequences(ct);
        var reference = rows.Take(referenceCount).Select(r => r.Tokens).ToArray();
        var pool = rows.Skip(referenceCount + pretrainCount).Take(Param("probe-pool", 1000)).Select(r => new ProbeSequence(r.Id, r.Tokens)).ToArray();
        // Model and prober live as long as the process: the stage's pipeline uses them until it ends.
        var model = ProbeLm.Load(W("checkpoint", "probe-lm.bin"), shape);
        var prober = new OracleProber(model, pool, reference, new OracleProberOptions { Seed = Param("oracle-seed", 11), LearningRate = Param("lr", 1e-3) });
        var gate = new object(); // one model: units in flight at once take turns
        return Pipeline.Create("group-mates-oracle")
            .ReadJsonl<RolloutTask>(W("rollout-plan"))
            .Map(t => { lock (gate) return prober.Probe(t.RolloutId); }, name: "probe", parallelism: 1)
            .Filter(r => r.RejectReason, name: "finite-losses")
            .FlatMap(r => r.Scores.Select((s, k) => new OracleStepRow(r.RolloutId, k + 1, r.DocumentIds[k], s)), name: "steps")
            .WriteParquet(W("oracle"))
            .Build();
    })
    // 3. MiniLM vectors of the probed documents, then the relational influence model (best held-out Spearman kept).
    .Step("fit", async ct =>
    {
        var steps = await RecordCollector.CollectAsync(p => p.ReadParquet<OracleStepRow>(W("oracle")), ct);
        var text = (await Sequences(ct)).ToDictionary(r => r.Id, r => r.Text);
        var ids = steps.Select(s => s.DocumentId).Distinct().Order(StringComparer.Ordinal).ToArray();
        using var embedder = new TorchMiniLmEmbedder();
        var vectors = DocumentEncoder.Encode(embedder, ids.Select(i => text[i]).ToArray(), ct: ct);
        const int d = TorchMiniLmEmbedder.Dimensions;
        var row = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var groups = steps.GroupBy(s => s.RolloutId).OrderBy(g => g.Key).Select(g => g.OrderBy(s => s.Step).ToArray())
            .Select(g => new InfluenceRollout(g.SelectMany(s => vectors.AsSpan(row[s.DocumentId] * d, d).ToArray()).ToArray(), g.Select(s => s.Score).ToArray()))
            .ToList();
        var (model, report) = RelationalInfluenceModel.Fit(groups, d, new InfluenceModelOptions { Relational = Param("relational", 1) == 1 });
        Directory.CreateDirectory(W("influence"));
        WriteWhole(W("influence", "model.txt"), model.Save);
        await File.WriteAllTextAsync(W("influence", "report.json"), JsonSerializer.Serialize(report, indented), ct);
    })
    // 4. Streaming inference over the pool: (id, h, predicted s) Arrow shards.
    .Stage("score", () =>
    {
        var model = Influence();
        var embedder = new TorchMiniLmEmbedder();
        const int d = TorchMiniLmEmbedder.Dimensions;
        return Pipeline.Create("group-mates-score")
            .ReadJsonl<SequenceRow>(W("sequences"))
            .MapBatch<ScoredDocument>((batch, ct) =>
            {
                var h = DocumentEncoder.Encode(embedder, batch.Select(r => r.Text).ToArray(), ct: ct);
                var s = model.ScoreIndividual(h);
                return Task.FromResult<IReadOnlyList<ScoredDocument>>(batch.Select((r, i) => new ScoredDocument(r.Id, h.AsSpan(i * d, d).ToArray(), s[i])).ToArray());
            }, name: "encode-and-score", parallelism: 1)
            .WriteArrowShards(W("scores"), metadata: new Dictionary<string, string> { ["alpha"] = model.Alpha.ToString("R"), ["tau"] = model.Tau.ToString("R") })
            .Build();
    })
    // 5–6. Spherical mini-batch k-means over h, then group selection per cluster at --ratio, streaming the scores
    //      (pools larger than memory: clusters are selected in groups of at most --max-rows-in-memory documents).
    .Step("select", async ct =>
    {
        var model = Influence();
        var fixedAlphaTau = Param("fixed-alpha-tau", 0) == 1;
        var options = new PoolSelectionOptions
        {
            KMeans = new CosineKMeansOptions { Clusters = Param("clusters", 3), Seed = Param("kmeans-seed", 0) },
            Selection = new GroupSelectionOptions
            {
                Ratio = Param("ratio", 0.5),
                Alpha = fixedAlphaTau ? 1f : model.Alpha,
                Tau = fixedAlphaTau ? 1f : model.Tau,
            },
            Epochs = Param("kmeans-epochs", 3),
            MaxRowsInMemory = Param("max-rows-in-memory", 1_000_000),
        };
        var result = await PoolSelection.SelectAsync(() => DatasetReader.ReadAsync<ScoredDocument>(W("scores"), ct), options, ct);
        WriteWhole(W("selection", "selected.jsonl"), path => File.WriteAllLines(path, result.Selected.Select(s => JsonSerializer.Serialize(s, SluiceJson.Options))));
        await File.WriteAllTextAsync(W("selection", "report.json"), JsonSerializer.Serialize(new
        {
            pool = result.Pool, selected = result.Selected.Count, clusters = options.KMeans.Clusters, empty_clusters = result.EmptyClusters,
            empty_reseeded = result.EmptyClustersReseeded, passes = result.Passes,
        }, indented), ct);
    })
    // 7. The selected documents as a Sluice dataset; every other document is a reject "not selected by Group-MATES".
    .Stage("materialise", () =>
    {
        var keep = File.ReadLines(W("selection", "selected.jsonl"))
            .Select(l => JsonSerializer.Deserialize<SelectedDocument>(l, SluiceJson.Options)!.Id).ToHashSet(StringComparer.Ordinal);
        return Pipeline.Create("group-mates-materialise")
            .ReadJsonl<Document>(docs)
            .Where(d => keep.Contains(d.Id), "not selected by Group-MATES", name: "selected")
            .WriteJsonl(Output(W("selected")))
            .Build();
    });

return workflow;
