namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// Everything the Group-MATES workflow (<see cref="GroupMatesWorkflow.AddGroupMatesStages"/>) needs; validated when the
/// stages are added. The defaults are toy-sized (about a minute on 2 cores over a few thousand abstracts); the proof's
/// scale is in <c>bench/group-mates</c>.
/// </summary>
public sealed record GroupMatesOptions
{
    /// <summary>The corpus: JSONL documents <c>{id, title, text}</c> (a file, folder, glob or dataset). Required.</summary>
    public required string Documents { get; init; }

    /// <summary>The folder every stage writes under (vocabulary, sequences, checkpoint, oracle, influence, scores, selection). Required.</summary>
    public required string Work { get; init; }

    /// <summary>Where the selected documents are written as a dataset. Default <c>null</c>: <c>WORK/selected</c>.</summary>
    public string? Output { get; init; }

    /// <summary>The probe LM's shape (vocabulary, width, depth, heads, context). Default <see cref="ProbeLmOptions"/> defaults.</summary>
    public ProbeLmOptions ProbeLm { get; init; } = new();

    /// <summary>Documents sampled to build the compact vocabulary. Default 3000.</summary>
    public int VocabularySample { get; init; } = 3000;

    /// <summary>The first sequences: the oracle's reference set. Default 16.</summary>
    public int ReferenceCount { get; init; } = 16;

    /// <summary>The next sequences: the probe LM's pretraining sample. Default 60.</summary>
    public int PretrainCount { get; init; } = 60;

    /// <summary>A probe LM checkpoint to start from instead of pretraining (its shape is checked). Default <c>null</c>: pretrain.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Pretraining steps (batches of 16 sequences, learning rate 3e-3). Default 50.</summary>
    public int PretrainSteps { get; init; } = 50;

    /// <summary>Seed of the probe LM's weights and pretraining batches. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Oracle rollouts in all. Default 40.</summary>
    public int Rollouts { get; init; } = 40;

    /// <summary>Rollouts per work unit of the oracle stage (one plan file each, spread over ranks). Default 10.</summary>
    public int RolloutsPerUnit { get; init; } = 10;

    /// <summary>Sequences the oracle probes from (after the reference and pretraining ones). Default 1000.</summary>
    public int ProbePool { get; init; } = 1000;

    /// <summary>The oracle prober's seed and learning rate. Default <see cref="OracleProberOptions"/> with seed 11 and learning rate 1e-3.</summary>
    public OracleProberOptions Oracle { get; init; } = new() { Seed = 11, LearningRate = 1e-3 };

    /// <summary>Fit the relational influence model (true) or the individual baseline (false). Default true.</summary>
    public bool Relational { get; init; } = true;

    /// <summary>Select with α = τ = 1 (the reference code's fixed values) instead of the fitted ones. Default false.</summary>
    public bool FixedAlphaTau { get; init; }

    /// <summary>Spherical k-means clusters over h. Default 3.</summary>
    public int Clusters { get; init; } = 3;

    /// <summary>Seed of the k-means initial centroids. Default 0.</summary>
    public int KMeansSeed { get; init; }

    /// <summary>Passes of mini-batch k-means over the streamed scores. Default 3.</summary>
    public int KMeansEpochs { get; init; } = 3;

    /// <summary>Fraction of each cluster selected. Default 0.5.</summary>
    public double Ratio { get; init; } = 0.5;

    /// <summary>Documents held in memory at once while clusters are selected. Default 1,000,000.</summary>
    public int MaxRowsInMemory { get; init; } = 1_000_000;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentException">A path is empty or a count is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Documents);
        ArgumentException.ThrowIfNullOrWhiteSpace(Work);
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabularySample, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReferenceCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(PretrainCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(PretrainSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(Rollouts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RolloutsPerUnit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbePool, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(KMeansEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRowsInMemory, 1);
        if (Ratio is <= 0 or > 1 || double.IsNaN(Ratio)) throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, "must lie in (0, 1]");
    }
}
