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

// LibTorch's intra-op threads spin while they wait: on a shared machine one thread per process is much faster.
TorchSharp.torch.set_num_threads(1);

var work = Param("work", "out/group-mates");
var options = new GroupMatesOptions
{
    Documents = Param("docs", Path.Combine(ScriptDirectory, "data/scifact-abstracts.jsonl")),
    Work = work,
    Output = Output(Path.Combine(Path.GetFullPath(work), "selected")),
    ProbeLm = new ProbeLmOptions
    {
        VocabularySize = Param("vocab", 512), Width = Param("width", 32), Depth = Param("depth", 1), Heads = Param("heads", 2), Context = Param("context", 16),
    },
    VocabularySample = Param("vocab-sample", 3000),
    ReferenceCount = Param("reference", 16),              // the first sequences: the oracle's reference set
    PretrainCount = Param("pretrain-sequences", 60),      // the next ones: the probe LM's pretraining sample
    Checkpoint = Param("checkpoint", ""),                 // a probe LM to start from instead of pretraining
    PretrainSteps = Param("steps", 50),
    Seed = Param("seed", 1),
    Rollouts = Param("rollouts", 40),
    RolloutsPerUnit = Param("rollouts-per-unit", 10),
    ProbePool = Param("probe-pool", 1000),
    Oracle = new OracleProberOptions { Seed = Param("oracle-seed", 11), LearningRate = Param("lr", 1e-3) },
    Relational = Param("relational", 1) == 1,
    FixedAlphaTau = Param("fixed-alpha-tau", 0) == 1,
    Clusters = Param("clusters", 3),
    KMeansSeed = Param("kmeans-seed", 0),
    KMeansEpochs = Param("kmeans-epochs", 3),
    Ratio = Param("ratio", 0.5),
    MaxRowsInMemory = Param("max-rows-in-memory", 1_000_000),
};

// tokenize -> pretrain -> oracle -> fit -> score -> select -> materialise (operators/Sluice.Operators.Torch/GroupMates/GroupMatesWorkflow.cs)
return Workflow.Create("group-mates").AddGroupMatesStages(options);
