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
/// commit whose outputs are damaged is moved to <c>commits-invalid/</c> and its unit runs again.
/// </summary>
public sealed class RunFolderCommitter(IObjectStore run, Pipeline pipeline, IReadOnlyList<Planning.WorkUnit> plan, int rank, bool verify, TextWriter? log = null)
    : IUnitCommitter
{
    private readonly IReadOnlyDictionary<string, Planning.WorkUnit> _plan = plan.ToDictionary(u => u.Id, StringComparer.Ordinal);


    /// <inheritdoc />
    public async Task<bool> CommitAsync(UnitResult result, CancellationToken ct)
    {
        var commit = new UnitCommit(result.Unit.Id, result.Attempt, rank, result.Outputs, result.Rejects, result.RecordsIn,
            result.RejectedCount, DateTimeOffset.UtcNow);
        // The store answers true when a retried put finds its own earlier, acknowledged-but-lost write in place, so
        // false here means another attempt really holds the unit.
        return await run.PutAsync(KeyOf(result.Unit.Id), JsonSerializer.SerializeToUtf8Bytes(commit, SluiceJson.Options), ifNoneMatch: true, ct: ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitResult>> CommittedAsync(CancellationToken ct)
    {
        var results = new List<UnitResult>();
        var check = new OutputCheck(pipeline, verify);
        foreach (var commit in await ReadCommitsAsync(run, ct))
        {
            if (!_plan.TryGetValue(commit.Unit, out var unit))
                throw new InvalidDataException($"{ObjectStores.Join(run.RootUri, KeyOf(commit.Unit))} commits unit {commit.Unit}, which is not in this run's plan");
            if (await check.DamageAsync(commit.Outputs, ct) is { } damage)
            {
                log?.WriteLine($"unit {commit.Unit}: {damage}; its commit moves to commits-invalid/ and the unit runs again");
                await MoveAsideAsync(commit, ct);
                continue;
            }
            results.Add(new UnitResult(unit, commit.Attempt, commit.Outputs, commit.Rejects, commit.Rejected, commit.RecordsIn));
        }
        return results;
    }

    /// <inheritdoc />
    public async Task<UnitResult?> CommitOfAsync(Planning.WorkUnit unit, CancellationToken ct)
    {
        if (await run.StatAsync(KeyOf(unit.Id), ct) is null) return null;
        await using var stream = await run.OpenReadAsync(KeyOf(unit.Id), ct);
        var commit = await JsonSerializer.DeserializeAsync<UnitCommit>(stream, SluiceJson.Options, ct)
            ?? throw new InvalidDataException($"commit object {ObjectStores.Join(run.RootUri, KeyOf(unit.Id))} is empty");
        return new UnitResult(unit, commit.Attempt, commit.Outputs, commit.Rejects, commit.Rejected, commit.RecordsIn);
    }

    /// <summary>Reads every commit object of a run folder.</summary>
    /// <exception cref="InvalidDataException">A commit object is not valid JSON; the message names it and what to do.</exception>
    public static async Task<IReadOnlyList<UnitCommit>> ReadCommitsAsync(IObjectStore run, CancellationToken ct)
    {
        var commits = new List<UnitCommit>();
        await foreach (var info in run.ListAsync(UnitCommit.Folder, ct))
        {
            if (!info.Key.EndsWith(".json", StringComparison.Ordinal)) continue;
            await using var stream = await run.OpenReadAsync(info.Key, ct);
            try
            {
                commits.Add(await JsonSerializer.DeserializeAsync<UnitCommit>(stream, SluiceJson.Options, ct)
                    ?? throw new JsonException("empty document"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(
                    $"commit object {ObjectStores.Join(run.RootUri, info.Key)} is unreadable ({e.Message}); delete it to run that unit again", e);
            }
        }
        return commits;
    }

    private async Task MoveAsideAsync(UnitCommit commit, CancellationToken ct)
    {
        await run.PutAsync($"commits-invalid/{commit.Unit}-{commit.Attempt}.json", JsonSerializer.SerializeToUtf8Bytes(commit, SluiceJson.Options), ct: ct);
        await run.DeleteAsync(KeyOf(commit.Unit), ct);
    }

    private static string KeyOf(string unit) => $"{UnitCommit.Folder}{unit}.json";
}
