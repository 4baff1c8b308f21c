using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Metrics;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Report;

/// <summary>
/// What a run wrote to <c>stats.json</c> (a one-rank run) or <c>_stats/rank-NNNNN.json</c> (one per rank), as
/// <c>PipelineRunner</c> writes it; several ranks are read into one, with their operator counters summed.
/// </summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Status">How the run (or the newest rank to end) ended.</param>
/// <param name="Error">Its fault, if any.</param>
/// <param name="WorldSize">Ranks of the run.</param>
/// <param name="Ranks">Rank files read.</param>
/// <param name="ElapsedSeconds">Wall time; the longest rank's for several.</param>
/// <param name="Operators">Per operator, in graph order; summed over ranks.</param>
/// <param name="Timeline">Counters over time (rank 0's, or the first rank read), or null when the stats hold none.</param>
internal sealed record RunStats(string Pipeline, string Status, string? Error, int WorldSize, int Ranks, double ElapsedSeconds,
    IReadOnlyList<OperatorSnapshot> Operators, RunTimeline? Timeline)
{
    /// <summary>How many rank files are read at most, a bound against a foreign folder; the page shows how many were read.</summary>
    public const int MaxRanks = 1024;

    /// <summary>Reads the stats under <paramref name="output"/>; null when there are none.</summary>
    /// <exception cref="InvalidDataException">A stats file is not what the engine writes; the message names it.</exception>
    public static async Task<RunStats?> ReadAsync(IObjectStore output, CancellationToken ct)
    {
        var keys = new List<string>();
        if (await output.StatAsync(RunLayout.StatsKey, ct) is not null) keys.Add(RunLayout.StatsKey);
        else
            await foreach (var info in output.ListAsync(RunLayout.RankStatsFolder, ct))
                if (info.Key.EndsWith(".json", StringComparison.Ordinal) && keys.Count < MaxRanks) keys.Add(info.Key);
        if (keys.Count == 0) return null;
        var files = new List<StatsFile>();
        foreach (var key in keys.Order(StringComparer.Ordinal)) files.Add(await ReadFileAsync(output, key, ct));
        var first = files[0];
        var operators = first.Operators.Select(op =>
        {
            var all = files.SelectMany(f => f.Operators).Where(o => o.Name == op.Name).ToArray();
            return op with
            {
                RecordsIn = all.Sum(o => o.RecordsIn), RecordsOut = all.Sum(o => o.RecordsOut), Rejected = all.Sum(o => o.Rejected),
                BytesIn = all.Sum(o => o.BytesIn), BytesOut = all.Sum(o => o.BytesOut), BusySeconds = all.Sum(o => o.BusySeconds),
            };
        }).ToArray();
        var failed = files.FirstOrDefault(f => f.Status != "completed");
        return new RunStats(first.Pipeline, (failed ?? first).Status, failed?.Error ?? first.Error, first.WorldSize, files.Count,
            files.Max(f => f.ElapsedSeconds), operators, first.Timeline);
    }

    private static async Task<StatsFile> ReadFileAsync(IObjectStore store, string key, CancellationToken ct)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct);
            var file = await JsonSerializer.DeserializeAsync<StatsFile>(stream, SluiceJson.Options, ct);
            // The reader is lenient about missing fields; what the page relies on is checked here.
            if (file?.Pipeline is null || file.Status is null || file.Operators is null || file.Operators.Any(o => o?.Name is null))
                throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, key)} is not run stats: pipeline, status or an operator's name or kind is missing");
            return file.Timeline is { } t && !IsWellFormed(t, file.Operators.Count) ? file with { Timeline = null } : file;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, key)} is not run stats: {e.Message}", e);
        }
    }

    /// <summary>A timeline whose series all have one value per sample time; another is dropped, not drawn.</summary>
    private static bool IsWellFormed(RunTimeline t, int operators) =>
        t.Seconds is { } s && t.Operators is { } ops && ops.Count == operators && ops.All(o => o?.Name is not null
            && o.RecordsIn?.Count == s.Count && o.RecordsOut?.Count == s.Count && o.Rejected?.Count == s.Count
            && o.BusySeconds?.Count == s.Count && o.QueueDepth?.Count == s.Count);

    /// <summary>The fields of one stats file the report uses.</summary>
    private sealed record StatsFile(string Pipeline, string Status, string? Error, int Rank, int WorldSize, double ElapsedSeconds,
        IReadOnlyList<OperatorSnapshot> Operators, RunTimeline? Timeline);
}
