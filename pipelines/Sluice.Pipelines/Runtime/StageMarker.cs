namespace Sluice.Pipelines.Runtime;

/// <summary>
/// A stage's end marker in a workflow run folder: <c>stages/NAME/_complete.json</c> (a pipeline stage whose every
/// sink manifest is written) or <c>stages/NAME/_done.json</c> (a step that finished). Written once, with
/// <c>If-None-Match</c>, by the process that completed the stage.
/// </summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Rank">Rank of the process that wrote it.</param>
/// <param name="Host">Its machine.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="Completed">When.</param>
public sealed record StageMarker(string Stage, int Rank, string Host, int Pid, DateTimeOffset Completed);
