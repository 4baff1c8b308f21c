using Sluice.Bench.GroupMates;

// sluice-group-mates kmeans [--n 200000] [--d 384] [--k 1000] [--iterations 5] [--openblas] [--omp-passive]
// sluice-group-mates proof  [--rollouts 2000] [--pool 3000] [--pretrain-steps 400] ...
// The method's stages over a corpus are examples/group-mates.csx (build/bin/sluice run examples/group-mates.csx --run RUN).
var command = args.Length > 0 ? args[0] : "help";
string Opt(string name, string fallback)
{
    int i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString()));

// LibTorch's intra-op threads spin while waiting; on a shared machine one thread per process is much faster.
TorchSharp.torch.set_num_threads(Int("torch-threads", 1));

switch (command)
{
    case "kmeans":
        return await KMeansBench.RunAsync(Int("n", 200_000), Int("d", 384), Int("k", 1000), Int("iterations", 5), Opt("data", "bench/data/group-mates"), args.Contains("--omp-passive"), args.Contains("--openblas"));
    case "proof":
        var defaults = new ProofConfig();
        return await Proof.RunAsync(defaults with
        {
            CorpusDir = Opt("corpus", defaults.CorpusDir),
            OutDir = Opt("data", defaults.OutDir),
            Rollouts = Int("rollouts", defaults.Rollouts),
            ProbePool = Int("probe-pool", defaults.ProbePool),
            SelectionPool = Int("pool", defaults.SelectionPool),
            PretrainSteps = Int("pretrain-steps", defaults.PretrainSteps),
            Clusters = Int("clusters", defaults.Clusters),
            Width = Int("width", defaults.Width),
            Depth = Int("depth", defaults.Depth),
            Context = Int("context", defaults.Context),
            Vocabulary = Int("vocab", defaults.Vocabulary),
            ReferenceSequences = Int("reference", defaults.ReferenceSequences),
            EvalSequences = Int("eval", defaults.EvalSequences),
            PretrainSequences = Int("pretrain-sequences", defaults.PretrainSequences),
        });
    default:
        Console.WriteLine("usage: sluice-group-mates kmeans|proof ... (see bench/group-mates/README.md)");
        return command == "help" ? 0 : 2;
}
