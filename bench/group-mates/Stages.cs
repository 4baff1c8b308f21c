using System.Text.Json;
using Sluice.Operators.Selection;
using Sluice.Operators.Text;
using Sluice.Operators.Torch;
using Sluice.Operators.Torch.GroupMates;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;

namespace Sluice.Bench.GroupMates;

/// <summary>
/// The Group-MATES stages over a corpus, each resumable: streaming stages are Sluice pipelines with a run folder
/// (per-unit commits, ranks from --rank/--world-size or Slurm's variables); whole-dataset steps (pretraining, fitting,
/// k-means and selection) are stage boundaries that write their result and a <c>_done</c> marker, and are skipped when
/// the marker exists.
/// </summary>
internal static class Stages
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) { Console.WriteLine("stages: tokenize pretrain oracle fit score select materialise"); return 2; }
        string Opt(string name, string? fallback)
        {
            int i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
        }
        int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString()));
        var work = Path.GetFullPath(Opt("work", "out/group-mates"));
        Directory.CreateDirectory(work);
        var rank = RankInfo.Resolve(args.Contains("--rank") ? Int("rank", 0) : null, args.Contains("--world-size") ? Int("world-size", 1) : null);
        var shape = new ProbeLmOptions
        {
            VocabularySize = Int("vocab", 4096), Width = Int("width", 128), Depth = Int("depth", 2), Heads = Int("heads", 4), Context = Int("context", 64),
        };
        string P(params string[] parts) => Path.Combine([work, .. parts]);
        RunOptions Run(string stage) => new() { RunUri = P("_runs", stage), Rank = rank, Log = Console.Out };
        async Task<int> Report(RunResult r)
        {
            Console.WriteLine($"{r.Pipeline}: {r.Status}, {r.UnitsCommitted}/{r.UnitsAssigned} units committed, {r.Rejected} rejected{(r.Error is null ? "" : ": " + r.Error.Message)}");
            await Task.CompletedTask;
            return r.Status == RunStatus.Completed ? 0 : 1;
        }
        bool Done(string stage) { if (!File.Exists(P(stage, "_done"))) return false; Console.WriteLine($"{stage}: already done (remove {P(stage, "_done")} to redo)"); return true; }
        void MarkDone(string stage) => File.WriteAllText(P(stage, "_done"), DateTimeOffset.UtcNow.ToString("O"));
        Task<List<SequenceRow>> Sequences() => Collect.AllAsync(p => p.ReadJsonl<SequenceRow>(P("sequences")), P("_scratch"));

        switch (args[0])
        {
            case "tokenize":
            {
                // Stage 1a: a vocabulary from the first documents, then every document's first Context + 1 tokens;
                // shorter documents are rejected with the reason (in sequences/_rejects).
                var docs = Opt("docs", null);
                var vocabPath = P("vocab.txt");
                if (!File.Exists(vocabPath))
                {
                    var sample = await Collect.AllAsync(p => p.ReadJsonl<Document>(docs), P("_scratch"));
                    ProbeTokenizer.Compact(sample.Take(Int("vocab-sample", 3000)).Select(d => d.Text), shape.VocabularySize).Save(vocabPath);
                }
                var tokenizer = ProbeTokenizer.Load(vocabPath);
                int length = shape.Context + 1;
                var pipeline = Pipeline.Create("group-mates-tokenize")
                    .ReadJsonl<Document>(docs)
                    .Filter(d => tokenizer.Sequence(d.Text, length, out var reason) is null ? reason : null, name: "long-enough")
                    .Map(d => new SequenceRow(d.Id, tokenizer.Sequence(d.Text, length, out _)!, ProbeTokenizer.SequenceText(d.Text, length)), name: "tokenize")
                    .WriteJsonl(P("sequences"))
                    .Build();
                return await Report(await PipelineRunner.RunAsync(pipeline, Run("tokenize")));
            }
            case "pretrain":
            {
                // Stage 1b: train the probe LM on a sample (or load a checkpoint, refusing another shape).
                if (Done("checkpoint")) return 0;
                Directory.CreateDirectory(P("checkpoint"));
                var given = args.Contains("--checkpoint") ? Opt("checkpoint", null) : null;
                using var lm = given is not null ? ProbeLm.Load(given, shape) : ProbeLm.Create(shape, Int("seed", 1));
                if (given is null)
                {
                    var rows = (await Sequences()).Skip(Int("reference", 64)).Take(Int("pretrain-sequences", 3000)).ToArray();
                    var random = new Random(Int("seed", 1));
                    for (int step = 0; step < Int("steps", 400); step++)
                        lm.TrainStep(Enumerable.Range(0, 16).Select(_ => rows[random.Next(rows.Length)].Tokens).ToArray(), 3e-3);
                }
                lm.Save(P("checkpoint", "probe-lm.bin"));
                MarkDone("checkpoint");
                return 0;
            }
            case "oracle":
            {
                // Stage 2: rollouts as work units (plan files of 50 ids), spread over ranks by the engine.
                int rollouts = Int("rollouts", 2000);
                Directory.CreateDirectory(P("rollout-plan"));
                for (int f = 0; f * 50 < rollouts; f++)
                {
                    var file = P("rollout-plan", $"part-{f:D5}.jsonl");
                    if (!File.Exists(file))
                        await File.WriteAllLinesAsync(file, Enumerable.Range(f * 50, Math.Min(50, rollouts - f * 50)).Select(r => $"{{\"rollout_id\":{r}}}"));
                }
                var rows = await Sequences();
                int referenceCount = Int("reference", 64);
                var reference = rows.Take(referenceCount).Select(r => r.Tokens).ToArray();
                var pool = rows.Skip(referenceCount + Int("pretrain-sequences", 3000)).Take(Int("probe-pool", 1000))
                    .Select(r => new ProbeSequence(r.Id, r.Tokens)).ToArray();
                using var model = ProbeLm.Load(P("checkpoint", "probe-lm.bin"), shape);
                using var prober = new OracleProber(model, pool, reference, new OracleProberOptions { Seed = Int("seed", 11), LearningRate = double.Parse(Opt("lr", "1e-3")) });
                var gate = new object();
                var pipeline = Pipeline.Create("group-mates-oracle")
                    .ReadJsonl<RolloutTask>(P("rollout-plan"))
                    .Map(t => { lock (gate) return prober.Probe(t.RolloutId); }, name: "probe", parallelism: 1)
                    .Filter(r => r.RejectReason, name: "finite-losses")
                    .FlatMap(r => r.Scores.Select((s, k) => new OracleStepRow(r.RolloutId, k + 1, r.DocumentIds[k], s)), name: "steps")
                    .WriteParquet(P("oracle"))
                    .Build();
                return await Report(await PipelineRunner.RunAsync(pipeline, Run("oracle")));
            }
            case "fit":
            {
                // Stage 3: document vectors of the probed documents, then the relational model (best held-out Spearman).
                if (Done("influence")) return 0;
                Directory.CreateDirectory(P("influence"));
                var steps = await Collect.AllAsync(p => p.ReadParquet<OracleStepRow>(P("oracle")), P("_scratch"));
                var text = (await Sequences()).ToDictionary(r => r.Id, r => r.Text);
                var ids = steps.Select(s => s.DocumentId).Distinct().Order(StringComparer.Ordinal).ToArray();
                using var embedder = new TorchMiniLmEmbedder();
                var vectors = DocumentEncoder.Encode(embedder, ids.Select(i => text[i]).ToArray());
                const int d = TorchMiniLmEmbedder.Dimensions;
                var row = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
                var rollouts = steps.GroupBy(s => s.RolloutId).OrderBy(g => g.Key).Select(g => g.OrderBy(s => s.Step).ToArray())
                    .Select(g => new InfluenceRollout(g.SelectMany(s => vectors.AsSpan(row[s.DocumentId] * d, d).ToArray()).ToArray(), g.Select(s => s.Score).ToArray()))
                    .ToList();
                var (model, report) = RelationalInfluenceModel.Fit(rollouts, d, new InfluenceModelOptions { Relational = !args.Contains("--individual") });
                model.Save(P("influence", "model.txt"));
                await File.WriteAllTextAsync(P("influence", "report.json"), JsonSerializer.Serialize(report, Indented));
                Console.WriteLine(JsonSerializer.Serialize(report, Indented));
                MarkDone("influence");
                return 0;
            }
            case "score":
            {
                // Stage 4: streaming inference over the pool: (id, h, predicted s) Arrow shards.
                var model = RelationalInfluenceModel.Load(P("influence", "model.txt"), TorchMiniLmEmbedder.Dimensions);
                using var embedder = new TorchMiniLmEmbedder();
                var pipeline = Pipeline.Create("group-mates-score")
                    .ReadJsonl<SequenceRow>(P("sequences"))
                    .MapBatch<ScoredDocument>((batch, ct) =>
                    {
                        var h = DocumentEncoder.Encode(embedder, batch.Select(r => r.Text).ToArray(), ct: ct);
                        var s = model.ScoreIndividual(h);
                        const int d = TorchMiniLmEmbedder.Dimensions;
                        return Task.FromResult<IReadOnlyList<ScoredDocument>>(batch.Select((r, i) => new ScoredDocument(r.Id, h.AsSpan(i * d, d).ToArray(), s[i])).ToArray());
                    }, name: "encode-and-score", parallelism: 1)
                    .WriteArrowShards(P("scores"), metadata: new Dictionary<string, string> { ["alpha"] = model.Alpha.ToString("R"), ["tau"] = model.Tau.ToString("R") })
                    .Build();
                return await Report(await PipelineRunner.RunAsync(pipeline, Run("score")));
            }
            case "select":
            {
                // Stages 5 and 6: spherical k-means over h, then group selection per cluster at ratio r.
                if (Done("selection")) return 0;
                Directory.CreateDirectory(P("selection"));
                var scored = await Collect.AllAsync(p => p.ReadArrow<ScoredDocument>(P("scores")), P("_scratch"));
                int d = scored[0].H.Length;
                var h = scored.SelectMany(s => s.H).ToArray();
                var model = RelationalInfluenceModel.Load(P("influence", "model.txt"), d);
                int k = Int("clusters", Math.Max(1, scored.Count / 200));
                var clusters = CosineKMeans.Fit(h, d, new CosineKMeansOptions { Clusters = k, Iterations = Int("iterations", 20), Seed = Int("seed", 0) });
                bool fixedAlphaTau = args.Contains("--fixed-alpha-tau");
                var selection = GroupSelection.SelectByCluster(h, d, scored.Select(s => s.Score).ToArray(), clusters.Assignments, k, new GroupSelectionOptions
                {
                    Ratio = double.Parse(Opt("ratio", "0.5")),
                    Alpha = fixedAlphaTau ? 1f : model.Alpha,
                    Tau = fixedAlphaTau ? 1f : model.Tau,
                });
                await File.WriteAllLinesAsync(P("selection", "selected.jsonl"), selection.Selected.Select(i =>
                    JsonSerializer.Serialize(new SelectedDocument(scored[i].Id, clusters.Assignments[i], selection.PickOrder[i], scored[i].Score), SluiceJson.Options)));
                await File.WriteAllTextAsync(P("selection", "report.json"), JsonSerializer.Serialize(new
                {
                    pool = scored.Count, selected = selection.Selected.Length, clusters = k, empty_clusters = selection.EmptyClusters,
                    empty_reseeded = clusters.EmptyClustersReseeded, kmeans_iterations = clusters.Iterations,
                }, Indented));
                MarkDone("selection");
                return 0;
            }
            case "materialise":
            {
                // Stage 7: the selected documents as a Sluice dataset (also examples/group-mates/7-materialise.csx).
                var keep = File.ReadLines(P("selection", "selected.jsonl"))
                    .Select(l => JsonSerializer.Deserialize<SelectedDocument>(l, SluiceJson.Options)!.Id).ToHashSet(StringComparer.Ordinal);
                var pipeline = Pipeline.Create("group-mates-materialise")
                    .ReadJsonl<Document>(Opt("docs", null))
                    .Where(d => keep.Contains(d.Id), "not selected by Group-MATES", name: "selected")
                    .WriteJsonl(Opt("output", P("selected")))
                    .Build();
                return await Report(await PipelineRunner.RunAsync(pipeline, Run("materialise")));
            }
            default:
                Console.WriteLine($"unknown stage '{args[0]}'");
                return 2;
        }
    }
}
