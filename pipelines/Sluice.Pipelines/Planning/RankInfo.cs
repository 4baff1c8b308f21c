namespace Sluice.Pipelines.Planning;

/// <summary>Which share of a run this process executes.</summary>
/// <param name="Rank">Zero-based rank.</param>
/// <param name="WorldSize">Number of ranks.</param>
public sealed record RankInfo(int Rank, int WorldSize)
{
    /// <summary>A single-process run.</summary>
    public static RankInfo Single { get; } = new(0, 1);

    /// <summary>
    /// Reads the rank from batch-system variables when not given explicitly: Slurm job arrays
    /// (<c>SLURM_ARRAY_TASK_ID</c>, <c>SLURM_ARRAY_TASK_COUNT</c>), AWS Batch array jobs
    /// (<c>AWS_BATCH_JOB_ARRAY_INDEX</c>; the size must be passed as <paramref name="worldSize"/>) and Kubernetes indexed
    /// jobs (<c>JOB_COMPLETION_INDEX</c>). Explicit values win.
    /// </summary>
    /// <exception cref="ArgumentException">The rank is outside <c>[0, worldSize)</c>.</exception>
    public static RankInfo Resolve(int? rank, int? worldSize, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        static int? Parse(string? s) => int.TryParse(s, out var v) ? v : null;
        var r = rank ?? Parse(env("SLURM_ARRAY_TASK_ID")) ?? Parse(env("AWS_BATCH_JOB_ARRAY_INDEX")) ?? Parse(env("JOB_COMPLETION_INDEX")) ?? 0;
        var n = worldSize ?? Parse(env("SLURM_ARRAY_TASK_COUNT")) ?? Parse(env("SLUICE_WORLD_SIZE")) ?? 1;
        if (n < 1 || r < 0 || r >= n)
            throw new ArgumentException($"rank {r} is outside world size {n}: pass --rank R --world-size N with 0 <= R < N");
        return new RankInfo(r, n);
    }
}
