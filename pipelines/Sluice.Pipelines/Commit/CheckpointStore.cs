using System.Text.Json;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// The part-way checkpoints of a run folder (<c>checkpoints/UNIT.json</c>). A checkpoint is advice, never a commit:
/// one that cannot be read, fails its checks (<see cref="RunObjects"/>) or whose outputs are damaged is ignored, with
/// a log line naming it, and its unit starts from the beginning.
/// </summary>
internal sealed class CheckpointStore(IObjectStore run, OutputCheck check, TextWriter? log)
{
    public Task WriteAsync(UnitCheckpoint checkpoint, CancellationToken ct) =>
        run.PutAsync(RunLayout.CheckpointKey(checkpoint.Unit), JsonSerializer.SerializeToUtf8Bytes(checkpoint, SluiceJson.Options), ct: ct);

    /// <summary>Usable checkpoints of <paramref name="pending"/> units, by unit id.</summary>
    public async Task<IReadOnlyDictionary<string, UnitCheckpoint>> ReadUsableAsync(IReadOnlyCollection<WorkUnit> pending, CancellationToken ct)
    {
        var wanted = pending.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var usable = new Dictionary<string, UnitCheckpoint>(StringComparer.Ordinal);
        await foreach (var info in run.ListAsync(RunLayout.CheckpointsFolder, ct))
        {
            // Only checkpoints/UNIT.json of a pending unit is read (not checkpoints/x/UNIT.json, nor a copy).
            if (RunLayout.UnitOfCheckpointKey(info.Key) is not { } unit || !wanted.Contains(unit)) continue;
            var key = info.Key;
            UnitCheckpoint checkpoint;
            try
            {
                checkpoint = await RunObjects.ReadAsync<UnitCheckpoint>(run, key, ct);
                if (checkpoint.Unit != unit) throw RunObjects.Invalid<UnitCheckpoint>(ObjectStores.Join(run.RootUri, key), $"field 'unit' is '{checkpoint.Unit}', but its key is unit {unit}'s");
                if (check.ForeignKey(checkpoint.Outputs) is { } foreign) throw RunObjects.Invalid<UnitCheckpoint>(ObjectStores.Join(run.RootUri, key), foreign);
            }
            catch (Exception e) when (e is InvalidDataException or ObjectNotFoundException)
            {
                log?.WriteLine($"unit {unit}: {e.Message}; the unit starts from its beginning");
                continue;
            }
            if (await check.DamageAsync(checkpoint.Outputs, ct) is { } damage)
            {
                log?.WriteLine($"unit {unit}: checkpoint unusable, {damage}; the unit starts from its beginning");
                continue;
            }
            usable[unit] = checkpoint;
        }
        return usable;
    }

    /// <summary>Removes a committed unit's checkpoint; best effort, since a stale one is ignored once the unit is committed.</summary>
    public async Task DeleteAsync(string unit)
    {
        try { await run.DeleteAsync(RunLayout.CheckpointKey(unit)); }
        catch (Exception e) when (e is not OperationCanceledException) { /* a stale checkpoint is harmless */ }
    }

}
