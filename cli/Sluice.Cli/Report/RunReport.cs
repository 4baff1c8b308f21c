using Sluice.Cli.Launch;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Report;

/// <summary>
/// Everything a run report shows, read from what a run leaves: the output's <c>stats.json</c> (or per-rank stats),
/// <c>_manifest.json</c>, <c>_rejects/</c> and <c>endpoint-stats.json</c>, and, given a run folder, what
/// <c>sluice status</c> reads from it (ranks, attempts, failures). Nothing is written.
/// </summary>
/// <param name="Source">What the user named.</param>
/// <param name="Location">The run folder (if any) and the output read.</param>
/// <param name="Stats">The run's stats, or null when the output holds none.</param>
/// <param name="Run">The run folder's status, when a run folder was given.</param>
/// <param name="Dataset">The output's dataset manifest, or null before the run completed.</param>
/// <param name="Rejects">The output's rejects, grouped.</param>
/// <param name="Sample">The first rows of the first shard, or null.</param>
/// <param name="SampleNote">Why there is no sample (no manifest, no shard, a damaged shard), or null.</param>
/// <param name="Endpoint">The output's endpoint stats, or null.</param>
/// <param name="Created">When the report was made.</param>
internal sealed record RunReport(string Source, ReportLocation Location, RunStats? Stats, RunStatusReport? Run, DatasetManifest? Dataset,
    RejectSummary Rejects, OutputSample? Sample, string? SampleNote, EndpointSummary? Endpoint, DateTimeOffset Created)
{
    /// <summary>Reads the report of a run folder or an output folder.</summary>
    /// <exception cref="FileNotFoundException">There is nothing to report at <paramref name="uri"/>.</exception>
    /// <exception cref="InvalidDataException">A run object, a manifest or stats file is broken; the message names it.</exception>
    public static async Task<RunReport> ReadAsync(string uri, DateTimeOffset now, CancellationToken ct)
    {
        var location = await ReportLocation.FindAsync(uri, ct);
        var run = location.RunUri is { } runUri ? await RunStatusReport.ReadAsync(runUri, now, RunStatusReport.DefaultStaleAfter, ct) : null;
        using var output = ObjectStores.Open(location.OutputUri);
        var stats = await RunStats.ReadAsync(output, ct);
        var dataset = await output.StatAsync(DatasetManifest.FileName, ct) is null ? null
            : await RunObjects.ReadAsync<DatasetManifest>(output, DatasetManifest.FileName, ct);
        var rejects = await RejectSummary.ReadAsync(output, ct);
        var endpoint = await EndpointSummary.ReadAsync(output, ct);
        var (sample, note) = await SampleAsync(location.OutputUri, dataset, ct);
        return new RunReport(uri, location, stats, run, dataset, rejects, sample, note, endpoint, now);
    }

    /// <summary>The sample of the first listed shard; a damaged shard leaves a note, not a failed report.</summary>
    private static async Task<(OutputSample?, string?)> SampleAsync(string output, DatasetManifest? dataset, CancellationToken ct)
    {
        if (dataset is null) return (null, "no _manifest.json yet: the run has not completed, so no shard is listed");
        if (dataset.Shards.Count == 0) return (null, "the dataset lists no shards");
        var shard = ObjectStores.Join(output, dataset.Shards[0].Key);
        try
        {
            return (await OutputSample.ReadAsync(shard, ct), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, $"could not read {shard}: {e.Message}");
        }
    }
}
