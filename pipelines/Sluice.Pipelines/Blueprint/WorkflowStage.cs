namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// One stage of a <see cref="Workflow"/>: a pipeline built when the stage starts (so it may read what earlier stages
/// wrote), or a step that runs an action once.
/// </summary>
public sealed class WorkflowStage
{
    private readonly Func<CancellationToken, Task<Pipeline>>? _build;
    private readonly Func<CancellationToken, Task>? _action;

    internal WorkflowStage(string name, Func<CancellationToken, Task<Pipeline>> build)
    {
        Name = name;
        Kind = WorkflowStageKind.Pipeline;
        _build = build;
    }

    internal WorkflowStage(string name, Func<CancellationToken, Task> action)
    {
        Name = name;
        Kind = WorkflowStageKind.Step;
        _action = action;
    }

    /// <summary>The stage's kebab-case name, unique in its workflow; its folder in a run is <c>RUN/stages/NAME</c>.</summary>
    public string Name { get; }

    /// <summary>Pipeline or step.</summary>
    public WorkflowStageKind Kind { get; }

    /// <summary>Builds the stage's pipeline (runs the script's code for it).</summary>
    /// <exception cref="InvalidOperationException">The stage is a step, or its build function returned null.</exception>
    public async Task<Pipeline> BuildPipelineAsync(CancellationToken ct = default) =>
        _build is null ? throw new InvalidOperationException($"stage {Name} is a step, not a pipeline")
        : await _build(ct) ?? throw new InvalidOperationException($"stage {Name}: the build function returned no pipeline");

    /// <summary>Runs the step's action.</summary>
    /// <exception cref="InvalidOperationException">The stage is a pipeline.</exception>
    public Task RunStepAsync(CancellationToken ct) =>
        _action is null ? throw new InvalidOperationException($"stage {Name} is a pipeline, not a step") : _action(ct);

    /// <summary>A copy whose pipeline passes through <paramref name="map"/> when built; a step is returned as is.</summary>
    internal WorkflowStage MapPipeline(Func<Pipeline, Pipeline> map) =>
        _build is { } build ? new WorkflowStage(Name, async ct => map(await build(ct))) : this;
}
