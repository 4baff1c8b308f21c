using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// What each object of a run folder or dataset must hold beyond its JSON shape: ids of their patterns (they become
/// keys), plain relative keys, counts that are not negative, no null entries in its lists and maps.
/// </summary>
internal static class RunObjectRules
{
    private static readonly HashSet<string> AttemptStates = ["running", "completed", "cancelled", "failed"];
    private static readonly HashSet<string> StageKinds = ["pipeline", "step"];

    private static readonly Dictionary<Type, (string What, string? Advice)> Descriptions = new()
    {
        [typeof(RunManifest)] = ("run manifest", "start a new run with another --run URI"),
        [typeof(UnitCommit)] = ("commit object", "delete it to run that unit again"),
        [typeof(UnitCheckpoint)] = ("checkpoint", null),
        [typeof(AttemptStatus)] = ("attempt record", null),
        [typeof(WorkflowManifest)] = ("workflow manifest", "start a new run with another --run URI"),
        [typeof(StageMarker)] = ("stage marker", "delete it to run that stage again"),
        [typeof(DatasetManifest)] = ("dataset manifest", null),
    };

    /// <summary>What a reader calls an object of <paramref name="type"/>, and what its owner can do about a broken one.</summary>
    /// <exception cref="ArgumentException">The type is not one of a run folder or dataset.</exception>
    public static (string What, string? Advice) Describe(Type type) =>
        Descriptions.TryGetValue(type, out var d) ? d : throw new ArgumentException($"{type.Name} is not an object of a run folder or dataset", nameof(type));

    /// <summary>Every problem of <paramref name="value"/>, empty when it is valid.</summary>
    public static IReadOnlyList<string> ProblemsOf(object value)
    {
        var p = new FieldProblems();
        switch (value)
        {
            case RunManifest m: Check(m, p); break;
            case UnitCommit c: Check(c, p); break;
            case UnitCheckpoint c: Check(c, p); break;
            case AttemptStatus a: Check(a, p); break;
            case WorkflowManifest w: Check(w, p); break;
            case StageMarker s: Check(s, p); break;
            case DatasetManifest d: Check(d, p); break;
            default: throw new ArgumentException($"{value.GetType().Name} is not an object of a run folder or dataset", nameof(value));
        }
        return p.All;
    }

    private static void Check(RunManifest m, FieldProblems p)
    {
        p.Name(m.Pipeline, "pipeline");
        p.NotEmpty(m.GraphHash, "graph_hash");
        p.NotEmpty(m.InputsHash, "inputs_hash");
        p.Map(m.Parameters, "parameters");
        p.Check(m.WorldSize >= 1, "world_size", $"is {m.WorldSize}, not a rank count");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < m.Units.Count; i++)
        {
            var field = $"units[{i}]";
            if (m.Units[i] is not { } u)
            {
                p.NotNull(null, field);
                continue;
            }
            p.Unit(u.Id, $"{field}.id");
            p.Check(u.Id is null || ids.Add(u.Id), $"{field}.id", $"repeats unit {u.Id}");
            p.NotNegative(u.Source, $"{field}.source");
            p.NotEmpty(u.Uri, $"{field}.uri");
            p.NotNegative(u.Start, $"{field}.start");
            p.Check(u.End >= u.Start, $"{field}.end", $"is {u.End}, before start {u.Start}");
            p.NotNegative(u.SizeBytes, $"{field}.size_bytes");
            p.Check(Enum.IsDefined(u.Kind), $"{field}.kind", $"is {(int)u.Kind}, not a unit kind");
            p.NotNull(u.Fingerprint, $"{field}.fingerprint");
        }
        foreach (var (sink, uri) in m.Outputs ?? new Dictionary<string, string>()) p.NotEmpty(uri, $"outputs.{sink}");
    }

    private static void Check(UnitCommit c, FieldProblems p)
    {
        p.Unit(c.Unit, "unit");
        p.Attempt(c.Attempt, "attempt");
        p.NotNegative(c.Rank, "rank");
        p.Outputs(c.Outputs, c.Unit, "outputs");
        Rejects(c.Rejects, c.Unit, p);
        p.NotNegative(c.RecordsIn, "records_in");
        p.NotNegative(c.Rejected, "rejected");
    }

    private static void Check(UnitCheckpoint c, FieldProblems p)
    {
        p.Unit(c.Unit, "unit");
        p.Attempt(c.Attempt, "attempt");
        p.NotNegative(c.Consumed, "consumed");
        p.NotNegative(c.RecordsIn, "records_in");
        p.Outputs(c.Outputs, c.Unit, "outputs");
        Rejects(c.Rejects, c.Unit, p);
        p.NotNegative(c.Rejected, "rejected");
    }

    private static void Check(AttemptStatus a, FieldProblems p)
    {
        p.Attempt(a.Attempt, "attempt");
        p.Check(a.WorldSize >= 1, "world_size", $"is {a.WorldSize}, not a rank count");
        p.Check(a.Rank >= 0 && a.Rank < a.WorldSize, "rank", $"is {a.Rank}, not a rank of {a.WorldSize}");
        p.Check(AttemptStates.Contains(a.State), "state", $"is '{a.State}', not one of {string.Join(", ", AttemptStates)}");
        p.NotNegative(a.UnitsAssigned, "units_assigned");
        p.NotNegative(a.UnitsCommitted, "units_committed");
        p.NotNegative(a.RecordsOut, "records_out");
    }

    private static void Check(WorkflowManifest w, FieldProblems p)
    {
        p.Name(w.Workflow, "workflow");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < w.Stages.Count; i++)
        {
            if (w.Stages[i] is not { } s)
            {
                p.NotNull(null, $"stages[{i}]");
                continue;
            }
            p.Name(s.Name, $"stages[{i}].name");
            p.Check(s.Name is null || names.Add(s.Name), $"stages[{i}].name", $"repeats stage {s.Name}");
            p.Check(StageKinds.Contains(s.Kind), $"stages[{i}].kind", $"is '{s.Kind}', not pipeline or step");
        }
        p.Map(w.Parameters, "parameters");
    }

    private static void Check(StageMarker s, FieldProblems p)
    {
        p.Name(s.Stage, "stage");
        p.NotNegative(s.Rank, "rank");
    }

    private static void Check(DatasetManifest d, FieldProblems p)
    {
        p.NotEmpty(d.Format, "format");
        for (var i = 0; i < d.Shards.Count; i++) p.Output(d.Shards[i], null, $"shards[{i}]");
        var shards = d.Shards.Where(s => s is not null).ToArray();
        p.Check(d.Rows == shards.Sum(s => s.Rows), "rows", $"is {d.Rows}, not the sum of its shards' rows");
        p.Check(d.Bytes == shards.Sum(s => s.Bytes), "bytes", $"is {d.Bytes}, not the sum of its shards' bytes");
        p.Map(d.Metadata, "metadata");
    }

    private static void Rejects(IReadOnlyList<SinkOutput> rejects, string unit, FieldProblems p)
    {
        for (var i = 0; i < rejects.Count; i++)
        {
            p.Output(rejects[i], unit, $"rejects[{i}]");
            if (rejects[i] is { } r) p.Check(RejectsWriter.IsKeyOf(r.Key, unit), $"rejects[{i}].key", $"is '{r.Key}', not a rejects file of unit {unit}");
        }
    }
}
