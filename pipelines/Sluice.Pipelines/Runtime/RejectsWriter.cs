using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Writes a unit's rejects as one JSONL object under the rejects folder: <c>UNIT-ATTEMPT.jsonl</c> at the unit's end,
/// <c>UNIT-ATTEMPT-CONSUMED.jsonl</c> for a checkpoint's share.
/// </summary>
internal sealed partial class RejectsWriter(IObjectStore store)
{
    /// <summary>Whether <paramref name="key"/> is one of this writer's names for a rejects file of <paramref name="unit"/>.</summary>
    public static bool IsKeyOf(string? key, string unit) =>
        key is not null && Key().Match(key) is { Success: true } m && m.Groups[1].Value == unit;

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

    /// <summary>Deletes one of its own rejects files.</summary>
    /// <exception cref="ArgumentException">The key is not a rejects file name: the writer deletes nothing else.</exception>
    public Task DeleteAsync(string key, CancellationToken ct) =>
        Key().IsMatch(key) ? store.DeleteAsync(key, ct) : throw new ArgumentException($"'{key}' is not a rejects file of this run; not deleted", nameof(key));

    [GeneratedRegex("^(" + RunIds.UnitPattern + ")-" + RunIds.AttemptPattern + @"(?:-[0-9]+)?\.jsonl\z", RegexOptions.CultureInvariant)]
    private static partial Regex Key();
}
