using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Sluice.Operators.Clustering;
using Sluice.Operators.Selection;
using Sluice.Operators.Torch;
using Sluice.Operators.Torch.GroupMates;

namespace Sluice.Bench.GroupMates;

/// <summary>Scale of the toy-scale proof; every figure in the report comes from these.</summary>
internal sealed record ProofConfig
{
    public string CorpusDir { get; init; } = "bench/data/corpus";
    public string OutDir { get; init; } = "bench/data/group-mates";
    public int Vocabulary { get; init; } = 4096;
    public int Width { get; init; } = 128;
    public int Depth { get; init; } = 2;
    public int Context { get; init; } = 64;
    public int PretrainSequences { get; init; } = 3000;
    public int PretrainSteps { get; init; } = 400;
    public int ReferenceSequences { get; init; } = 64;
    public int EvalSequences { get; init; } = 256;
    public int ProbePool { get; init; } = 1000;
    public int Rollouts { get; init; } = 2000;
    public int SelectionPool { get; init; } = 3000;
    public int Clusters { get; init; } = 20;
    public double Ratio { get; init; } = 0.5;
    public double LearningRate { get; init; } = 1e-3;
    public int[] Seeds { get; init; } = [1, 2, 3];
}

/// <summary>
/// The toy-scale proof: pretrain a tiny LM on real text, probe rollouts, fit the relational and individual influence
/// models, select half of a pool, and continue training from the same checkpoint on the selected, an individually
/// selected and a random half (same number of sequences, so the same tokens), for each seed.
/// </summary>
internal static class Proof
{
    public static async Task<int> RunAsync(ProofConfig cfg)
    {
        Directory.CreateDirectory(cfg.OutDir);
        var total = Stopwatch.StartNew();
        void Log(string m) => Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {m}");
        int length = cfg.Context + 1;

        // 1. Real text: English-looking documents of at least 80 words from eight corpus files spread over the corpus.
        var docs = ReadCorpus(cfg.CorpusDir).ToList();
        Log($"corpus: {docs.Count} candidate documents");
        var tokenizer = ProbeTokenizer.Compact(docs.Take(3000).Select(d => d.Text), cfg.Vocabulary);
        tokenizer.Save(Path.Combine(cfg.OutDir, "vocab.txt"));
        var shuffle = new Random(7);
        var order = Enumerable.Range(0, docs.Count).ToArray();
        shuffle.Shuffle(order);
        var sequences = new List<(string Id, int[] Tokens, string Text)>();
        int rejected = 0;
        int needed = cfg.PretrainSequences + cfg.ReferenceSequences + cfg.EvalSequences + cfg.ProbePool + cfg.SelectionPool;
        foreach (var i in order)
        {
            if (sequences.Count == needed) break;
            var tokens = tokenizer.Sequence(docs[i].Text, length, out _);
            if (tokens is null) { rejected++; continue; }
            // Sequences that are mostly unknown ids teach nothing; leave them out (counted).
            if (tokens.Count(t => t == 0) > length / 4) { rejected++; continue; }
            sequences.Add((docs[i].Id, tokens, ProbeTokenizer.SequenceText(docs[i].Text, length)));
        }
        if (sequences.Count < needed) throw new InvalidOperationException($"corpus gave {sequences.Count} usable sequences; {needed} are needed");
        Log($"sequences: {needed} ({rejected} documents rejected: shorter than {length} tokens or > 25% unknown ids)");
        int at = 0;
        List<(string Id, int[] Tokens, string Text)> Take(int n) { var part = sequences.GetRange(at, n); at += n; return part; }
        var pretrain = Take(cfg.PretrainSequences);
        var reference = Take(cfg.ReferenceSequences).Select(s => s.Tokens).ToArray();
        var eval = Take(cfg.EvalSequences).Select(s => s.Tokens).ToArray();
        var probePool = Take(cfg.ProbePool);
        var pool = Take(cfg.SelectionPool);

        // 2. Pretrain the probe LM to make the checkpoint.
        var shape = new ProbeLmOptions { VocabularySize = cfg.Vocabulary, Width = cfg.Width, Depth = cfg.Depth, Heads = 4, Context = cfg.Context };
        var checkpoint = Path.Combine(cfg.OutDir, "probe-lm.bin");
        var clock = Stopwatch.StartNew();
        using (var lm = ProbeLm.Create(shape, seed: 1))
        {
            var batchOrder = new Random(1);
            for (int step = 0; step < cfg.PretrainSteps; step++)
            {
                var batch = Enumerable.Range(0, 16).Select(_ => pretrain[batchOrder.Next(pretrain.Count)].Tokens).ToArray();
                lm.TrainStep(batch, 3e-3);
            }
            lm.Save(checkpoint);
        }
        double pretrainSeconds = clock.Elapsed.TotalSeconds;
        using var model = ProbeLm.Load(checkpoint, shape);
        double referenceAtCheckpoint = model.MeanLoss(reference), evalAtCheckpoint = model.MeanLoss(eval);
        Log($"pretrained {cfg.PretrainSteps} steps × 16 in {pretrainSeconds:F0} s; reference loss {referenceAtCheckpoint:F3}, eval loss {evalAtCheckpoint:F3}");

        // 3. Oracle probing.
        var probeSequences = probePool.Select(p => new ProbeSequence(p.Id, p.Tokens)).ToArray();
        var rollouts = new List<OracleRollout>();
        clock.Restart();
        using (var prober = new OracleProber(model, probeSequences, reference, new OracleProberOptions { LearningRate = cfg.LearningRate, Seed = 11 }))
        {
            for (int r = 0; r < cfg.Rollouts; r++)
            {
                rollouts.Add(prober.Probe(r));
                if ((r + 1) % 250 == 0) Log($"probed {r + 1} rollouts, {(r + 1) / clock.Elapsed.TotalSeconds:F2}/s");
            }
        }
        double rolloutsPerSecond = cfg.Rollouts / clock.Elapsed.TotalSeconds;
        int rejectedRollouts = rollouts.Count(r => r.RejectReason is not null);
        Log($"probing: {rolloutsPerSecond:F2} rollouts/s; {rejectedRollouts} rejected");

        // 4. Document vectors with the TorchSharp MiniLM (the text each training sequence reads).
        clock.Restart();
        using var embedder = new TorchMiniLmEmbedder(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu, MaxTokens = 128 });
        var probeVectors = DocumentEncoder.Encode(embedder, probePool.Select(p => p.Text).ToArray());
        var poolVectors = DocumentEncoder.Encode(embedder, pool.Select(p => p.Text).ToArray());
        const int d = TorchMiniLmEmbedder.Dimensions;
        Log($"encoded {probePool.Count + pool.Count} sequences with MiniLM in {clock.Elapsed.TotalSeconds:F0} s");

        // 5. Relational and individual influence models.
        var index = probePool.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var training = rollouts.Where(r => r.RejectReason is null).Select(r => new InfluenceRollout(
            r.DocumentIds.SelectMany(id => probeVectors.AsSpan(index[id] * d, d).ToArray()).ToArray(), r.Scores)).ToList();
        var (relational, relationalReport) = RelationalInfluenceModel.Fit(training, d, new InfluenceModelOptions { Seed = 5 });
        var (individual, individualReport) = RelationalInfluenceModel.Fit(training, d, new InfluenceModelOptions { Seed = 5, Relational = false });
        Log($"relational: held-out Spearman {relationalReport.HeldOutSpearman:F3}, Pearson {relationalReport.HeldOutPearson:F3}, MSE {relationalReport.HeldOutMse:F3}, α {relationalReport.Alpha:F3}, τ {relationalReport.Tau:F3}");
        Log($"individual: held-out Spearman {individualReport.HeldOutSpearman:F3}, Pearson {individualReport.HeldOutPearson:F3}, MSE {individualReport.HeldOutMse:F3}");

        // 6. Score the pool, cluster, select.
        var groupPred = relational.ScoreIndividual(poolVectors);
        var individualPred = individual.ScoreIndividual(poolVectors);
        var clusters = CosineKMeans.Fit(poolVectors, d, new CosineKMeansOptions { Clusters = cfg.Clusters, Iterations = 20, Seed = 3 });
        var group = GroupSelection.SelectByCluster(poolVectors, d, groupPred, clusters.Assignments, cfg.Clusters,
            new GroupSelectionOptions { Ratio = cfg.Ratio, Alpha = relational.Alpha, Tau = relational.Tau });
        var byIndividual = GroupSelection.SelectByCluster(poolVectors, d, individualPred, clusters.Assignments, cfg.Clusters,
            new GroupSelectionOptions { Ratio = cfg.Ratio, UseInteractions = false });
        int half = group.Selected.Length;
        Log($"selected {half} of {pool.Count} (group), {byIndividual.Selected.Length} (individual); overlap {group.Selected.Intersect(byIndividual.Selected).Count()}");

        // 7. Continue training from the checkpoint on each half, one AdamW step per sequence (same tokens in each run).
        var runs = new List<object>();
        var results = new Dictionary<string, List<(double Reference, double Eval)>>();
        foreach (var seed in cfg.Seeds)
        {
            var random = Enumerable.Range(0, pool.Count).ToArray();
            new Random(1000 + seed).Shuffle(random);
            var conditions = new (string Name, int[] Ids)[]
            {
                ("group", group.Selected), ("individual", byIndividual.Selected[..Math.Min(half, byIndividual.Selected.Length)]), ("random", random[..half]),
            };
            foreach (var (name, ids) in conditions)
            {
                using var run = ProbeLm.Load(checkpoint, shape);
                var trainOrder = ids.ToArray();
                new Random(seed).Shuffle(trainOrder);
                foreach (var i in trainOrder) run.TrainStep([pool[i].Tokens], cfg.LearningRate);
                var r = (run.MeanLoss(reference), run.MeanLoss(eval));
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(r);
                runs.Add(new { condition = name, seed, sequences = ids.Length, reference_loss = r.Item1, eval_loss = r.Item2 });
                Log($"seed {seed} {name,-10}: reference loss {r.Item1:F4}, eval loss {r.Item2:F4}");
            }
        }
        var summary = results.ToDictionary(kv => kv.Key, kv => new
        {
            reference_mean = kv.Value.Average(v => v.Reference),
            reference_min = kv.Value.Min(v => v.Reference),
            reference_max = kv.Value.Max(v => v.Reference),
            eval_mean = kv.Value.Average(v => v.Eval),
            eval_min = kv.Value.Min(v => v.Eval),
            eval_max = kv.Value.Max(v => v.Eval),
        });
        foreach (var (name, s) in summary)
            Console.WriteLine($"{name,-10} reference loss {s.reference_mean:F4} [{s.reference_min:F4}, {s.reference_max:F4}]   eval loss {s.eval_mean:F4} [{s.eval_min:F4}, {s.eval_max:F4}]");

        var report = new
        {
            config = cfg,
            machine = new { Environment.MachineName, Environment.ProcessorCount, load = File.ReadAllText("/proc/loadavg").Trim() },
            corpus_candidates = docs.Count,
            documents_rejected = rejected,
            pretrain_seconds = pretrainSeconds,
            checkpoint = new { reference_loss = referenceAtCheckpoint, eval_loss = evalAtCheckpoint },
            probing = new { rollouts = cfg.Rollouts, rejected = rejectedRollouts, rollouts_per_second = rolloutsPerSecond },
            relational = relationalReport,
            individual = individualReport,
            kmeans = new { clusters = cfg.Clusters, empty_reseeded = clusters.EmptyClustersReseeded, sizes_min = clusters.Sizes().Min(), sizes_max = clusters.Sizes().Max() },
            selected = half,
            overlap_group_individual = group.Selected.Intersect(byIndividual.Selected).Count(),
            runs,
            summary,
            seconds = total.Elapsed.TotalSeconds,
        };
        var path = Path.Combine(cfg.OutDir, "proof-results.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, IncludeFields = true }));
        Log($"written {path}");
        return 0;
    }

    /// <summary>Documents of at least 80 words whose text is at least 97% ASCII, from every eighth corpus file.</summary>
    private static IEnumerable<(string Id, string Text)> ReadCorpus(string dir)
    {
        var files = Directory.GetFiles(dir, "part-*.jsonl.gz").Order(StringComparer.Ordinal).Where((_, i) => i % 8 == 0);
        foreach (var file in files)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                using var json = JsonDocument.Parse(line);
                var text = json.RootElement.GetProperty("text").GetString() ?? "";
                if (text.Length < 400 || text.Count(c => c < 128) < 0.97 * text.Length) continue;
                if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 80) continue;
                yield return (json.RootElement.GetProperty("id").GetString() ?? "", text);
            }
        }
    }
}
