using Sluice.Cli.Report;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice report RUN_OR_OUTPUT [--out FILE.html]</c>: one self-contained HTML page about a run (records through the
/// graph, throughput and busy time per operator, rejects with examples, output shards and a sample of rows, endpoint
/// stats) and its charts as PNG files beside it. Default page: <c>report.html</c> in the given folder when it is
/// local, else in the current folder.
/// </summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: sluice report RUN_OR_OUTPUT [--out FILE.html]");
        var source = args.Positional[0];
        var page = Path.GetFullPath(args.Get("out")
            ?? (ObjectStores.IsS3(source) ? "report.html" : Path.Combine(ObjectStores.LocalPath(source), "report.html")));
        var report = await RunReport.ReadAsync(source, DateTimeOffset.UtcNow, ct);
        var charts = ReportCharts.Draw(report);
        var folder = Path.GetDirectoryName(page)!;
        Directory.CreateDirectory(folder);
        var stem = Path.GetFileNameWithoutExtension(page);
        var files = charts.Select(c => $"{stem}-{c.Name}.png").ToArray();
        for (var i = 0; i < charts.Count; i++) await File.WriteAllBytesAsync(Path.Combine(folder, files[i]), charts[i].Png, ct);
        await File.WriteAllTextAsync(page, ReportPage.Render(report, charts, files), ct);
        @out.WriteLine($"report: {page} ({charts.Count} charts, also as {stem}-*.png beside it)");
        return 0;
    }
}
