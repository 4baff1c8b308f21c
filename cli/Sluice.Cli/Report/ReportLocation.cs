using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Report;

/// <summary>
/// Where a report's inputs are: a run folder (it holds <c>run.json</c>, whose recorded outputs name the datasets) or
/// an output folder (a dataset with <c>stats.json</c>, <c>_manifest.json</c> and <c>_rejects/</c>).
/// </summary>
/// <param name="RunUri">The run folder, when one was given.</param>
/// <param name="OutputUri">The first output: where the engine writes <c>stats.json</c> and <c>_rejects/</c>.</param>
internal sealed record ReportLocation(string? RunUri, string OutputUri)
{
    /// <summary>Tells a run folder from an output folder.</summary>
    /// <exception cref="FileNotFoundException">Neither a run folder nor an output with stats or a manifest.</exception>
    /// <exception cref="InvalidDataException">The run folder records no outputs to report on.</exception>
    public static async Task<ReportLocation> FindAsync(string uri, CancellationToken ct)
    {
        using var store = ObjectStores.Open(uri);
        if (await store.StatAsync(RunLayout.RunManifestKey, ct) is not null)
        {
            var manifest = await RunObjects.ReadAsync<RunManifest>(store, RunLayout.RunManifestKey, ct);
            // stats.json and _rejects/ sit beside the first sink's output; outputs are recorded in sink order.
            var outputs = manifest.Outputs?.Values.ToArray() ?? [];
            if (outputs.Length == 0) throw new InvalidDataException($"run {uri} records no outputs; give the output folder instead: sluice report OUTPUT");
            foreach (var output in outputs)
            {
                using var folder = ObjectStores.Open(output);
                if (await HasStatsAsync(folder, ct)) return new ReportLocation(uri, output);
            }
            return new ReportLocation(uri, outputs[0]);
        }
        if (await HasStatsAsync(store, ct) || await store.StatAsync(RunLayout.DatasetManifestKey, ct) is not null)
            return new ReportLocation(null, uri);
        // A workflow's run folder holds one run folder per pipeline stage; a page is about one pipeline.
        if (await store.StatAsync(RunLayout.WorkflowManifestKey, ct) is not null)
            throw new FileNotFoundException($"{uri} is a workflow's run folder: report one stage's, sluice report {RunLayout.StageUri(uri, "STAGE")}");
        throw new FileNotFoundException($"nothing to report at {uri}: give a run folder (run.json) or an output folder (stats.json, _manifest.json)");
    }

    private static async Task<bool> HasStatsAsync(IObjectStore store, CancellationToken ct)
    {
        if (await store.StatAsync(RunLayout.StatsKey, ct) is not null) return true;
        await foreach (var _ in store.ListAsync(RunLayout.RankStatsFolder, ct)) return true;
        return false;
    }
}
