namespace Sluice.Pipelines.Blueprint;

/// <summary>What a stage of a <see cref="Workflow"/> is.</summary>
public enum WorkflowStageKind
{
    /// <summary>A Sluice pipeline whose work units are spread over the ranks.</summary>
    Pipeline,
    /// <summary>A whole-dataset action (train a model, fit k-means) run by one process, rank 0.</summary>
    Step,
}
