namespace Sluice.Cli.Launch;

/// <summary>The container side of an AWS Batch or Kubernetes launch.</summary>
internal sealed record ContainerOptions
{
    /// <summary>The image, with Sluice on its PATH as <c>sluice</c> and the script inside. Required.</summary>
    public required string Image { get; init; }

    /// <summary>AWS Batch job queue. Default <c>sluice</c>.</summary>
    public string JobQueue { get; init; } = "sluice";

    /// <summary>CPUs per task. Default 2.</summary>
    public int Vcpus { get; init; } = 2;

    /// <summary>Memory per task in MiB. Default 8192.</summary>
    public int MemoryMiB { get; init; } = 8192;

    /// <summary>
    /// Attempts per task (AWS Batch <c>retryStrategy.attempts</c>, Kubernetes <c>backoffLimitPerIndex</c> + 1); a
    /// retried task resumes the run. Default 3.
    /// </summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Kubernetes: tasks running at once. Default: null, all of them (the world size).</summary>
    public int? Parallelism { get; init; }

    /// <summary>
    /// Where secret parameters come from: the Kubernetes Secret of that name (one key per parameter), or the AWS
    /// Systems Manager parameters <c>/NAME/PARAMETER</c>. Default <c>sluice-params</c>.
    /// </summary>
    public string SecretSource { get; init; } = "sluice-params";

    /// <summary>Kubernetes namespace. Default: null, kubectl's current one.</summary>
    public string? Namespace { get; init; }
}
