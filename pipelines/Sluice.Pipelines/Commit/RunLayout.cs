using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// Every object name Sluice reads or writes in a run folder and beside a pipeline's output, in one place; code
/// builds keys through these members rather than spelling names itself. Ids that go into a key are checked
/// against <see cref="RunIds"/> first, by the callers that read them back.
/// <code>
/// RUN/                                   (--run; a pipeline run)
///   run.json                             RunManifest: pipeline, plan, parameters
///   commits/UNIT.json                    UnitCommit, the commit point of a unit
///   commits-invalid/UNIT-ATTEMPT.json    a commit moved aside by --verify
///   checkpoints/UNIT.json                UnitCheckpoint, a unit's progress part-way
///   attempts/ATTEMPT.json                AttemptStatus, one per process
///   cache/                               the response cache of chat endpoints
/// RUN/                                   (a workflow run)
///   workflow.json                        WorkflowManifest
///   stages/NAME/                         a stage's own run folder
///   stages/NAME/_complete.json           StageMarker of a pipeline stage (_done.json for a step)
/// OUTPUT/                                (each sink's folder; the first sink's holds the run's side files)
///   _manifest.json                       DatasetManifest: exactly the committed shards
///   _rejects/UNIT-ATTEMPT[-N].jsonl      rejected records with reasons
///   stats.json                           run statistics (_stats/rank-NNNNN.json per rank when there are several)
///   endpoint-stats.json                  chat endpoint counters, where a script saves them
/// </code>
/// </summary>
public static class RunLayout
{
    /// <summary>The manifest of a pipeline run (<see cref="RunManifest"/>).</summary>
    public const string RunManifestKey = "run.json";

    /// <summary>The folder of unit commit objects (<see cref="UnitCommit"/>).</summary>
    public const string CommitsFolder = "commits/";

    /// <summary>The folder <c>--verify</c> moves a damaged unit's commit object to.</summary>
    public const string InvalidCommitsFolder = "commits-invalid/";

    /// <summary>The folder of part-way unit checkpoints (<see cref="UnitCheckpoint"/>).</summary>
    public const string CheckpointsFolder = "checkpoints/";

    /// <summary>The folder of per-process attempt records (<see cref="AttemptStatus"/>).</summary>
    public const string AttemptsFolder = "attempts/";

    /// <summary>The folder of cached chat answers under a run folder.</summary>
    public const string ResponseCacheFolder = "cache/";

    /// <summary>The manifest of a workflow run (<c>WorkflowManifest</c>).</summary>
    public const string WorkflowManifestKey = "workflow.json";

    /// <summary>The folder under a workflow run that holds one run folder per stage.</summary>
    public const string StagesFolder = "stages/";

    /// <summary>The end marker of a pipeline stage, in its stage folder.</summary>
    public const string StageCompleteMarker = "_complete.json";

    /// <summary>The end marker of a step, in its stage folder.</summary>
    public const string StepDoneMarker = "_done.json";

    /// <summary>The manifest of a finished dataset, in each sink's output folder (<see cref="Sinks.DatasetManifest"/>).</summary>
    public const string DatasetManifestKey = "_manifest.json";

    /// <summary>The folder, under the first output, that rejected records go to unless the pipeline names another.</summary>
    public const string RejectsFolder = "_rejects";

    /// <summary>Run statistics of a single-rank run, in the first output folder.</summary>
    public const string StatsKey = "stats.json";

    /// <summary>The folder, in the first output folder, of per-rank statistics when a run has several ranks.</summary>
    public const string RankStatsFolder = "_stats/";

    /// <summary>Chat endpoint counters, in the output folder a script saves them to.</summary>
    public const string EndpointStatsKey = "endpoint-stats.json";

    private const string Json = ".json";

    /// <summary><c>commits/UNIT.json</c>.</summary>
    public static string CommitKey(string unit) => CommitsFolder + unit + Json;

    /// <summary>The unit whose commit object <paramref name="key"/> is (<c>commits/UNIT.json</c>), or null for any other key.</summary>
    public static string? UnitOfCommitKey(string key) => IdIn(key, CommitsFolder) is { } unit && RunIds.IsUnit(unit) ? unit : null;

    /// <summary><c>commits-invalid/UNIT-ATTEMPT.json</c>.</summary>
    public static string InvalidCommitKey(string unit, string attempt) => $"{InvalidCommitsFolder}{unit}-{attempt}{Json}";

    /// <summary><c>checkpoints/UNIT.json</c>.</summary>
    public static string CheckpointKey(string unit) => CheckpointsFolder + unit + Json;

    /// <summary>The unit whose checkpoint <paramref name="key"/> is (<c>checkpoints/UNIT.json</c>), or null for any other key.</summary>
    public static string? UnitOfCheckpointKey(string key) => IdIn(key, CheckpointsFolder) is { } unit && RunIds.IsUnit(unit) ? unit : null;

    /// <summary><c>attempts/ATTEMPT.json</c>.</summary>
    public static string AttemptKey(string attempt) => AttemptsFolder + attempt + Json;

    /// <summary>The attempt whose record <paramref name="key"/> is (<c>attempts/ATTEMPT.json</c>), or null for any other key.</summary>
    public static string? AttemptOfKey(string key) => IdIn(key, AttemptsFolder) is { } attempt && RunIds.IsAttempt(attempt) ? attempt : null;

    /// <summary><c>stages/NAME</c>, the run folder of a stage relative to its workflow run.</summary>
    public static string StageFolder(string stage) => StagesFolder + stage;

    /// <summary>The run folder of stage <paramref name="stage"/> of the workflow run at <paramref name="runUri"/>.</summary>
    public static string StageUri(string runUri, string stage) => ObjectStores.Join(runUri, StageFolder(stage));

    /// <summary><c>stages/NAME/run.json</c>, present once a pipeline stage has started.</summary>
    public static string StageRunManifestKey(string stage) => $"{StageFolder(stage)}/{RunManifestKey}";

    /// <summary><c>stages/NAME/_complete.json</c> for a pipeline stage, <c>stages/NAME/_done.json</c> for a step.</summary>
    public static string StageMarkerKey(string stage, bool isStep) => $"{StageFolder(stage)}/{(isStep ? StepDoneMarker : StageCompleteMarker)}";

    /// <summary>Where a run's statistics go under its first output: <c>stats.json</c>, or <c>_stats/rank-NNNNN.json</c> when there are several ranks.</summary>
    public static string StatsKeyOf(int rank, int worldSize) => worldSize == 1 ? StatsKey : $"{RankStatsFolder}rank-{rank:D5}{Json}";

    /// <summary>The rejects folder under <paramref name="firstOutputUri"/>.</summary>
    public static string RejectsUri(string firstOutputUri) => ObjectStores.Join(firstOutputUri, RejectsFolder);

    /// <summary>The <c>ID</c> of a key <c>FOLDER ID .json</c> directly in <paramref name="folder"/>, or null.</summary>
    private static string? IdIn(string key, string folder) =>
        key.Length > folder.Length + Json.Length && key.StartsWith(folder, StringComparison.Ordinal) && key.EndsWith(Json, StringComparison.Ordinal)
            ? key[folder.Length..^Json.Length] : null;
}
