using System.Text.Json;
using Sluice.Cli.Launch;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice status RUN_URI [--json]</c>: per rank, units committed, running and pending, records and throughput,
/// and the newest failures of a run, from its run folder.
/// </summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: sluice status RUN_URI [--json]");
        var report = await RunStatusReport.ReadAsync(args.Positional[0], DateTimeOffset.UtcNow, RunStatusReport.DefaultStaleAfter, ct);
        if (!args.Has("json"))
        {
            report.Print(@out);
            return 0;
        }
        var json = new JsonSerializerOptions(SluiceJson.Options) { WriteIndented = true };
        @out.WriteLine(JsonSerializer.Serialize(new
        {
            run = report.RunUri,
            pipeline = report.Manifest.Pipeline,
            units = report.Manifest.Units.Count,
            world_size = report.WorldSize,
            attempts = report.Attempts,
            span_seconds = report.Span.TotalSeconds,
            records_per_second = report.RecordsPerSecond,
            ranks = report.Ranks,
            failures = report.Failures,
        }, json));
        return 0;
    }
}
