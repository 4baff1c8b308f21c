using System.Text.Json;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Writes a unit's rejects as one JSONL object under the rejects folder: <c>UNIT-ATTEMPT.jsonl</c> at the unit's end,
/// <c>UNIT-ATTEMPT-CONSUMED.jsonl</c> for a checkpoint's share.
/// </summary>
internal sealed class RejectsWriter(IObjectStore store)
{
    public string RootUri => store.RootUri;

    public async Task<SinkOutput?> WriteAsync(WorkUnit unit, string attempt, long? checkpoint, IReadOnlyList<RejectRecord> rejects, CancellationToken ct)
    {
        if (rejects.Count == 0) return null;
        using var buffer = new MemoryStream();
        foreach (var reject in rejects)
        {
            JsonSerializer.Serialize(buffer, reject, SluiceJson.Options);
            buffer.WriteByte((byte)'\n');
        }
        var key = checkpoint is { } consumed ? $"{unit.Id}-{attempt}-{consumed}.jsonl" : $"{unit.Id}-{attempt}.jsonl";
        await store.PutAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct: ct);
        return new SinkOutput(key, rejects.Count, buffer.Length, unit.Id);
    }

    public Task DeleteAsync(string key, CancellationToken ct) => store.DeleteAsync(key, ct);
}
