using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// The exactly-once commit protocol over a run folder (local or S3): a unit is committed by writing
/// <c>commits/UNIT.json</c> with <c>If-None-Match: *</c>, so of racing attempts exactly one wins. On resume, a commit
/// counts only if every output it lists exists with its recorded size (and checksum with <c>verify</c>); a
/// commit whose outputs are damaged is moved to <c>commits-invalid/</c> and its unit runs again. Only
/// <c>commits/UNIT.json</c> of a planned unit is ever read as that unit's commit: any other object in <c>commits/</c>
/// (a copy, a unit of another plan) is ignored and reported, so no unit can count twice.
/// </summary>
public sealed class RunFolderCommitter(IObjectStore run, Pipeline pipeline, IReadOnlyList<Planning.WorkUnit> plan, int rank, bool verify, TextWriter? log = null)
    : IUnitCommitter
{
    // Commits of a large run are thousands of small objects: read this many at once.
    private const int ReadConcurrency = 16;

    private readonly IReadOnlyDictionary<string, Planning.WorkUnit> _plan = plan.ToDictionary(u => u.Id, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<bool> CommitAsync(UnitResult result, CancellationToken ct)
    {
        var commit = new UnitCommit(result.Unit.Id, result.Attempt, rank, result.Outputs, result.Rejects, result.RecordsIn,
            result.RejectedCount, DateTimeOffset.UtcNow);
        // The store answers true when a retried put finds its own earlier, acknowledged-but-lost write in place, so
        // false here means another attempt really holds the unit.
        return await run.PutAsync(RunLayout.CommitKey(result.Unit.Id), JsonSerializer.SerializeToUtf8Bytes(commit, SluiceJson.Options), ifNoneMatch: true, ct: ct);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">A planned unit's commit object is broken, or lists a key its sink does not own; the message names it and the field.</exception>
    public async Task<IReadOnlyList<UnitResult>> CommittedAsync(CancellationToken ct)
    {
        var results = new List<UnitResult>();
        var check = new OutputCheck(pipeline, verify);
        foreach (var commit in await ReadCommitsAsync(run, _plan.Keys.ToHashSet(StringComparer.Ordinal), log, ct))
        {
            if (check.ForeignKey(commit.Outputs) is { } foreign)
                throw RunObjects.Invalid<UnitCommit>(ObjectStores.Join(run.RootUri, RunLayout.CommitKey(commit.Unit)), foreign);
            if (await check.DamageAsync(commit.Outputs, ct) is { } damage)
            {
                log?.WriteLine($"unit {commit.Unit}: {damage}; its commit moves to commits-invalid/ and the unit runs again");
                await MoveAsideAsync(commit, ct);
                continue;
            }
            results.Add(new UnitResult(_plan[commit.Unit], commit.Attempt, commit.Outputs, commit.Rejects, commit.Rejected, commit.RecordsIn));
        }
        return results;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The commit object is broken; the message names it and the field.</exception>
    public async Task<UnitResult?> CommitOfAsync(Planning.WorkUnit unit, CancellationToken ct)
    {
        if (await run.StatAsync(RunLayout.CommitKey(unit.Id), ct) is null) return null;
        var commit = await ReadCommitAsync(run, unit.Id, ct);
        return new UnitResult(unit, commit.Attempt, commit.Outputs, commit.Rejects, commit.Rejected, commit.RecordsIn);
    }

    /// <summary>Reads every commit object of a run folder: <c>commits/UNIT.json</c> for any unit id; other objects are ignored.</summary>
    /// <exception cref="InvalidDataException">A commit object is broken; the message names it, the field and what to do.</exception>
    public static Task<IReadOnlyList<UnitCommit>> ReadCommitsAsync(IObjectStore run, CancellationToken ct) => ReadCommitsAsync(run, null, null, ct);

    /// <summary>
    /// Reads the commit objects of a run folder, in unit order: <c>commits/UNIT.json</c> for each unit of
    /// <paramref name="planned"/> (any unit id when null) that has one. Every other object under <c>commits/</c> is
    /// ignored and reported to <paramref name="log"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A commit object is broken (not JSON, a field missing or invalid, a <c>unit</c> other than its key's); the message
    /// names it, the field and what to do.
    /// </exception>
    public static async Task<IReadOnlyList<UnitCommit>> ReadCommitsAsync(IObjectStore run, IReadOnlySet<string>? planned, TextWriter? log, CancellationToken ct)
    {
        var units = new List<string>();
        await foreach (var info in run.ListAsync(RunLayout.CommitsFolder, ct))
        {
            if (RunLayout.UnitOfCommitKey(info.Key) is { } unit && (planned is null || planned.Contains(unit))) units.Add(unit);
            else log?.WriteLine($"ignoring {ObjectStores.Join(run.RootUri, info.Key)}: not the commit object of a planned unit ({RunLayout.CommitKey("UNIT")})");
        }
        var commits = new ConcurrentDictionary<int, UnitCommit>();
        await Parallel.ForEachAsync(Enumerable.Range(0, units.Count), new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = ct },
            async (i, token) => commits[i] = await ReadCommitAsync(run, units[i], token));
        return Enumerable.Range(0, units.Count).Select(i => commits[i]).ToList();
    }

    private static async Task<UnitCommit> ReadCommitAsync(IObjectStore run, string unit, CancellationToken ct)
    {
        var commit = await RunObjects.ReadAsync<UnitCommit>(run, RunLayout.CommitKey(unit), ct);
        // A commit copied to another unit's key would count its shards for that unit too.
        if (commit.Unit != unit)
            throw RunObjects.Invalid<UnitCommit>(ObjectStores.Join(run.RootUri, RunLayout.CommitKey(unit)), $"field 'unit' is '{commit.Unit}', but its key is unit {unit}'s");
        return commit;
    }

    private async Task MoveAsideAsync(UnitCommit commit, CancellationToken ct)
    {
        // Both ids were checked against their patterns when the commit was read, so this key stays in commits-invalid/.
        await run.PutAsync(RunLayout.InvalidCommitKey(commit.Unit, commit.Attempt), JsonSerializer.SerializeToUtf8Bytes(commit, SluiceJson.Options), ct: ct);
        await run.DeleteAsync(RunLayout.CommitKey(commit.Unit), ct);
    }

}
