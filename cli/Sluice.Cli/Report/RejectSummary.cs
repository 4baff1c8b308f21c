using System.Text.Json;
using Sluice.Pipelines.Contracts;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Report;

/// <summary>
/// The rejects under an output's <c>_rejects/</c> folder (one JSON object a line, as the engine writes them), grouped
/// by operator and reason with a few examples each. Reading is bounded: at most <see cref="MaxLines"/> lines are read,
/// and a line that is not a reject is counted as unreadable rather than failing the report.
/// </summary>
/// <param name="Groups">By operator and reason, largest first, at most <see cref="MaxGroups"/>.</param>
/// <param name="PerOperator">Rejects per operator over all groups, largest first.</param>
/// <param name="Total">Rejects read.</param>
/// <param name="Unreadable">Lines that were not a reject object.</param>
/// <param name="Truncated">True when reading stopped at <see cref="MaxLines"/> or groups beyond <see cref="MaxGroups"/> were left out.</param>
internal sealed record RejectSummary(IReadOnlyList<RejectGroup> Groups, IReadOnlyList<KeyValuePair<string, long>> PerOperator, long Total, long Unreadable, bool Truncated)
{
    /// <summary>The rejects folder under an output.</summary>
    public const string Folder = "_rejects/";

    /// <summary>Examples kept per group.</summary>
    public const int ExamplesPerGroup = 3;

    /// <summary>Groups shown at most.</summary>
    public const int MaxGroups = 50;

    /// <summary>Reject lines read at most.</summary>
    public const long MaxLines = 1_000_000;

    /// <summary>Reads and groups the rejects under <paramref name="output"/>.</summary>
    public static async Task<RejectSummary> ReadAsync(IObjectStore output, CancellationToken ct)
    {
        var groups = new Dictionary<(string, string), (long Count, List<RejectRecord> Examples)>();
        long total = 0, unreadable = 0;
        var truncated = false;
        var keys = new List<string>();
        await foreach (var info in output.ListAsync(Folder, ct))
            if (info.Key.EndsWith(".jsonl", StringComparison.Ordinal)) keys.Add(info.Key);
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            await using var stream = await output.OpenReadAsync(key, ct);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0) continue;
                if (total + unreadable >= MaxLines)
                {
                    truncated = true;
                    break;
                }
                if (Parse(line) is not { } reject)
                {
                    unreadable++;
                    continue;
                }
                total++;
                var group = groups.GetValueOrDefault((reject.Operator, reject.Reason), (0, []));
                if (group.Examples.Count < ExamplesPerGroup) group.Examples.Add(reject);
                groups[(reject.Operator, reject.Reason)] = (group.Count + 1, group.Examples);
            }
            if (truncated) break;
        }
        var ordered = groups.Select(g => new RejectGroup(g.Key.Item1, g.Key.Item2, g.Value.Count, g.Value.Examples))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Operator, StringComparer.Ordinal).ThenBy(g => g.Reason, StringComparer.Ordinal).ToArray();
        var perOperator = ordered.GroupBy(g => g.Operator).Select(g => KeyValuePair.Create(g.Key, g.Sum(x => x.Count)))
            .OrderByDescending(x => x.Value).ToArray();
        return new RejectSummary(ordered.Take(MaxGroups).ToArray(), perOperator, total, unreadable, truncated || ordered.Length > MaxGroups);
    }

    private static RejectRecord? Parse(string line)
    {
        try
        {
            var reject = JsonSerializer.Deserialize<RejectRecord>(line, SluiceJson.Options);
            return reject is { Operator: not null, Reason: not null } ? reject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
