namespace Sluice.Cli.Launch;

/// <summary>One stage of a workflow run, as <c>sluice status</c> shows it.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Kind"><c>pipeline</c> or <c>step</c>.</param>
/// <param name="State">complete (its marker is written), started (a pipeline stage with a run folder, not complete yet) or pending.</param>
/// <param name="Pipeline">A pipeline stage's own report, once it has a run folder.</param>
internal sealed record StageStatus(string Name, string Kind, string State, RunStatusReport? Pipeline);
