namespace Sluice.Pipelines.Runtime;

/// <summary>
/// <c>RUN/workflow.json</c>: what a workflow run is, so every rank and every later launch proves it continues the same
/// run. Written once, with <c>If-None-Match</c>, by whichever process starts first.
/// </summary>
/// <param name="Workflow">Workflow name.</param>
/// <param name="Stages">Stage names and kinds (<c>pipeline</c> or <c>step</c>), in order.</param>
/// <param name="Parameters">The script's parameters; secrets and URL user-info only as salted hashes (<see cref="Commit.RunParameters"/>).</param>
/// <param name="Created">When the run started.</param>
public sealed record WorkflowManifest(string Workflow, IReadOnlyList<WorkflowManifestStage> Stages,
    IReadOnlyDictionary<string, string> Parameters, DateTimeOffset Created);

/// <summary>One stage as <see cref="WorkflowManifest"/> records it.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Kind"><c>pipeline</c> or <c>step</c>.</param>
public sealed record WorkflowManifestStage(string Name, string Kind);
