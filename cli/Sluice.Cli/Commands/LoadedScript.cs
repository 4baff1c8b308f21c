using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;

namespace Sluice.Cli.Commands;

/// <summary>
/// A compiled script's declaration (exactly one of a pipeline or a workflow), this process's rank and the run's
/// parameters: every declared parameter's effective value, locations absolute, secrets still in clear (the run folder
/// stores them hashed).
/// </summary>
internal sealed record LoadedScript(Pipeline? Pipeline, Workflow? Workflow, RankInfo Rank, IReadOnlyDictionary<string, string> Parameters);
