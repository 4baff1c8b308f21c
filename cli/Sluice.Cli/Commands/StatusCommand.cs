using System.Text.Json;
using Sluice.Cli.Launch;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice status RUN_URI [--json]</c>: per rank, units committed, running and pending, records and throughput,
/// and the newest failures of a run, from its run folder; for a workflow's run folder, that per stage.
/// </summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: sluice status RUN_URI [--json]");
        var now = DateTimeOffset.UtcNow;
        var json = new JsonSerializerOptions(SluiceJson.Options) { WriteIndented = true };
        if (await WorkflowStatusReport.ReadAsync(args.Positional[0], now, RunStatusReport.DefaultStaleAfter, ct) is { } workflow)
        {
            if (!args.Has("json")) workflow.Print(@out);
            else
                @out.WriteLine(JsonSerializer.Serialize(new
                {
                    run = workflow.RunUri,
                    workflow = workflow.Manifest.Workflow,
                    stages = workflow.Stages.Select(s => new { name = s.Name, kind = s.Kind, state = s.State, pipeline = s.Pipeline is null ? null : Json(s.Pipeline) }),
                }, json));
            return 0;
        }
        var report = await RunStatusReport.ReadAsync(args.Positional[0], now, RunStatusReport.DefaultStaleAfter, ct);
        if (!args.Has("json")) report.Print(@out);
        else @out.WriteLine(JsonSerializer.Serialize(Json(report), json));
        return 0;
    }

    private static object Json(RunStatusReport report) => new
    {
        run = report.RunUri,
        pipeline = report.Manifest.Pipeline,
        units = report.Manifest.Units.Count,
        world_size = report.WorldSize,
        attempts = report.Attempts,
        span_seconds = report.Span.TotalSeconds,
        records_per_second = report.RecordsPerSecond,
        ranks = report.Ranks,
        outputs = report.Outputs,
        ignored = report.Ignored,
        failures = report.Failures,
    };
}
