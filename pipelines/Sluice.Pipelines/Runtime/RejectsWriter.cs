using System.Text.Json;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>Writes a unit's rejects as one JSONL object (<c>UNIT-ATTEMPT.jsonl</c>) under the rejects folder.</summary>
internal sealed class RejectsWriter(IObjectStore store)
{
    public string RootUri => store.RootUri;

    public async Task<SinkOutput?> WriteAsync(WorkUnit unit, string attempt, IReadOnlyList<RejectRecord> rejects, CancellationToken ct)
    {
        if (rejects.Count == 0) return null;
        using var buffer = new MemoryStream();
        foreach (var reject in rejects)
        {
            JsonSerializer.Serialize(buffer, reject, SluiceJson.Options);
            buffer.WriteByte((byte)'\n');
        }
        var key = $"{unit.Id}-{attempt}.jsonl";
        await store.PutAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct: ct);
        return new SinkOutput(key, rejects.Count, buffer.Length, unit.Id);
    }

    public Task DeleteAsync(string key, CancellationToken ct) => store.DeleteAsync(key, ct);
}
