using System.Globalization;
using System.Net;
using System.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Metrics;

namespace Sluice.Cli.Report;

/// <summary>
/// Writes a run report as one self-contained HTML page: inline CSS, charts as base64 PNG, no script, and a
/// Content-Security-Policy that allows nothing to be fetched. Every text taken from the run (names, reasons, records,
/// cells) is HTML-escaped, so a record holding markup shows as text.
/// </summary>
internal static class ReportPage
{
    private const int MaxExampleChars = 2000;
    private const int MaxShardRows = 20;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}
        h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
        .meta{color:#555} .error{color:#a00;font-weight:bold} .note{color:#666;font-style:italic}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em} th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f3f3f3} td.n{text-align:right;font-variant-numeric:tabular-nums} tr.hot td{background:#fff3e0}
        .cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
        .card b{display:block;font-size:1.4em} figure{margin:1em 0} img{max-width:100%;height:auto;border:1px solid #eee}
        pre{white-space:pre-wrap;word-break:break-all;background:#f8f8f8;padding:.4em;margin:.2em 0;font-size:.85em}
        .sample td{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8em;max-width:24em;overflow-wrap:anywhere}
        """;

    /// <summary>The page for <paramref name="report"/> with <paramref name="charts"/> embedded.</summary>
    /// <param name="report">What to show.</param>
    /// <param name="charts">The charts, embedded in order.</param>
    /// <param name="chartFiles">The PNG file names written beside the page, named in its footer.</param>
    public static string Render(RunReport report, IReadOnlyList<ReportChart> charts, IReadOnlyList<string> chartFiles)
    {
        var html = new StringBuilder();
        var pipeline = report.Stats?.Pipeline ?? report.Run?.Manifest.Pipeline ?? report.Dataset?.Pipeline ?? "(unknown pipeline)";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<link rel=\"icon\" href=\"data:,\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>sluice report: {E(pipeline)}</title><style>{Style}</style></head><body>\n");
        html.Append($"<h1>Run report: {E(pipeline)}</h1>\n<p class=\"meta\">from {E(report.Source)} · output {E(report.Location.OutputUri)} · made {E(report.Created.ToString("u", CultureInfo.InvariantCulture))}</p>\n");
        Summary(html, report);
        Operators(html, report.Stats);
        foreach (var chart in charts)
            html.Append($"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(chart.Png)}\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"{E(chart.Title)}\"></figure>\n");
        if (report.Stats is { Timeline: null }) html.Append("<p class=\"note\">These stats hold no timeline (written by an older sluice), so there is no throughput over time.</p>\n");
        if (charts.Count > 0 && ChartFonts.Font is null) html.Append("<p class=\"note\">No TrueType font was found, so the charts carry no text; set SLUICE_REPORT_FONT to a .ttf file.</p>\n");
        Rejects(html, report.Rejects);
        Output(html, report);
        Endpoint(html, report.Endpoint);
        RunFolder(html, report.Run);
        if (chartFiles.Count > 0) html.Append($"<p class=\"note\">The charts are also written beside this page: {E(string.Join(", ", chartFiles))}.</p>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunReport report)
    {
        if (report.Stats is not { } stats)
        {
            html.Append("<p class=\"note\">No stats.json under the output: the run has not ended yet, or wrote its stats elsewhere.</p>\n");
            return;
        }
        html.Append($"<p>Status <b>{E(stats.Status)}</b> after {N(stats.ElapsedSeconds, "F1")} s on {stats.WorldSize} rank(s)")
            .Append(stats.Ranks > 1 ? $", {stats.Ranks} rank stats read" : "").Append(".</p>\n");
        if (stats.Error is { } error) html.Append($"<p class=\"error\">error: {E(error)}</p>\n");
        var read = stats.Operators.Where(o => o.Role == OperatorRole.Source).Sum(o => o.RecordsOut);
        var written = stats.Operators.Where(o => o.Role == OperatorRole.Sink).Sum(o => o.RecordsOut);
        html.Append("<div class=\"cards\">")
            .Append(Card("records read", N(read))).Append(Card("records written", N(written)))
            .Append(Card("rejected", N(stats.Operators.Sum(o => o.Rejected))))
            .Append(Card("input bytes", Bytes(stats.Operators.Sum(o => o.BytesIn))))
            .Append(Card("output bytes", Bytes(report.Dataset?.Bytes ?? stats.Operators.Sum(o => o.BytesOut))))
            .Append("</div>\n");
    }

    private static void Operators(StringBuilder html, RunStats? stats)
    {
        if (stats is not { Operators.Count: > 0 }) return;
        var total = Math.Max(stats.Operators.Sum(o => o.BusySeconds), 1e-9);
        var hottest = stats.Operators.MaxBy(o => o.BusySeconds);
        html.Append("<h2>Operators</h2>\n<p>Busy time is time spent inside an operator's code, summed over its threads; the operator with the most is where the run's time went (highlighted). Adjacent per-record operators run fused in one block and each is charged the block's whole busy time, so equal figures in a row are one block's.</p>\n")
            .Append("<table><tr><th>operator</th><th>kind</th><th>in</th><th>out</th><th>rejected</th><th>bytes in</th><th>bytes out</th><th>busy s</th><th>busy share</th></tr>\n");
        foreach (var o in stats.Operators)
            html.Append(o == hottest ? "<tr class=\"hot\">" : "<tr>")
                .Append($"<td>{E(o.Name)}</td><td>{E(o.Role.ToName())}</td><td class=\"n\">{N(o.RecordsIn)}</td><td class=\"n\">{N(o.RecordsOut)}</td>")
                .Append($"<td class=\"n\">{N(o.Rejected)}</td><td class=\"n\">{Bytes(o.BytesIn)}</td><td class=\"n\">{Bytes(o.BytesOut)}</td>")
                .Append($"<td class=\"n\">{N(o.BusySeconds, "F3")}</td><td class=\"n\">{N(100 * o.BusySeconds / total, "F0")} %</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Rejects(StringBuilder html, RejectSummary rejects)
    {
        html.Append("<h2>Rejects</h2>\n");
        if (rejects.Total == 0 && rejects.Unreadable == 0)
        {
            html.Append("<p>No records were rejected.</p>\n");
            return;
        }
        html.Append($"<p>{N(rejects.Total)} rejected record(s) under _rejects/, by operator and reason, with up to {RejectSummary.ExamplesPerGroup} examples each.")
            .Append(rejects.Unreadable > 0 ? $" {N(rejects.Unreadable)} line(s) there were not rejects and were skipped." : "")
            .Append(rejects.Truncated ? $" Only the first {N(RejectSummary.MaxLines)} lines or {RejectSummary.MaxGroups} groups are shown." : "").Append("</p>\n")
            .Append("<table><tr><th>operator</th><th>reason</th><th>count</th><th>examples (file, position, record)</th></tr>\n");
        foreach (var g in rejects.Groups)
        {
            html.Append($"<tr><td>{E(g.Operator)}</td><td>{E(g.Reason)}</td><td class=\"n\">{N(g.Count)}</td><td>");
            foreach (var x in g.Examples)
                html.Append($"<div>{E(x.File)} @ {N(x.Position)}</div><pre>{E(Cut(x.Record ?? "(no record)"))}</pre>");
            html.Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Output(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Output</h2>\n");
        if (report.Dataset is { } d)
        {
            var sizes = d.Shards.Select(s => s.Bytes).Order().ToArray();
            html.Append($"<p>{E(d.Format)} dataset: {N(d.Rows)} rows, {Bytes(d.Bytes)} in {N(d.Shards.Count)} shard(s)")
                .Append(sizes.Length > 0 ? $"; shard sizes min {Bytes(sizes[0])}, median {Bytes(sizes[sizes.Length / 2])}, max {Bytes(sizes[^1])}" : "")
                .Append(".</p>\n<table><tr><th>shard</th><th>unit</th><th>rows</th><th>bytes</th></tr>\n");
            foreach (var s in d.Shards.Take(MaxShardRows))
                html.Append($"<tr><td>{E(s.Key)}</td><td>{E(s.Unit)}</td><td class=\"n\">{N(s.Rows)}</td><td class=\"n\">{Bytes(s.Bytes)}</td></tr>\n");
            html.Append("</table>\n");
            if (d.Shards.Count > MaxShardRows) html.Append($"<p class=\"note\">… and {N(d.Shards.Count - MaxShardRows)} more shards.</p>\n");
        }
        if (report.SampleNote is { } note) html.Append($"<p class=\"note\">{E(note)}</p>\n");
        if (report.Sample is not { } sample) return;
        html.Append($"<h3>First {sample.Rows.Count} rows of {E(sample.Shard)} ({E(sample.Format)})</h3>\n<table class=\"sample\"><tr>");
        foreach (var c in sample.Columns) html.Append($"<th>{E(c)}</th>");
        html.Append("</tr>\n");
        foreach (var row in sample.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append($"<td>{E(cell)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Endpoint(StringBuilder html, EndpointSummary? endpoint)
    {
        if (endpoint is null) return;
        html.Append("<h2>Endpoint</h2>\n<p>From endpoint-stats.json: calls, retries, tokens, latency (ms) and cache use of the model endpoint.</p>\n<table>");
        foreach (var (name, value) in endpoint.Values) html.Append($"<tr><th>{E(name)}</th><td class=\"n\">{E(value)}</td></tr>");
        html.Append("</table>\n");
    }

    private static void RunFolder(StringBuilder html, Launch.RunStatusReport? run)
    {
        if (run is null) return;
        html.Append($"<h2>Run folder</h2>\n<p>{E(run.RunUri)}: {N(run.Manifest.Units.Count)} units, world size {run.WorldSize}, {run.Attempts} attempt(s)")
            .Append(run.RecordsPerSecond is { } r ? $", {N(r, "F1")} records/s over {N(run.Span.TotalSeconds, "F1")} s" : "").Append(".</p>\n")
            .Append("<table><tr><th>rank</th><th>state</th><th>units</th><th>committed</th><th>records in</th><th>records out</th><th>rejected</th></tr>\n");
        foreach (var x in run.Ranks)
            html.Append($"<tr><td class=\"n\">{x.Rank}</td><td>{E(x.State)}</td><td class=\"n\">{N(x.Units)}</td><td class=\"n\">{N(x.Committed)}</td>")
                .Append($"<td class=\"n\">{N(x.RecordsIn)}</td><td class=\"n\">{N(x.RecordsOut)}</td><td class=\"n\">{N(x.Rejected)}</td></tr>\n");
        html.Append("</table>\n");
        foreach (var o in run.Outputs) html.Append($"<p>output {E(o.Sink)} {E(o.Uri)}: {E(o.State)}</p>\n");
        foreach (var f in run.Failures)
            html.Append($"<p class=\"error\">{E(f.Updated.ToString("u", CultureInfo.InvariantCulture))} rank {f.Rank}, attempt {E(f.Attempt)}: {E(f.Error ?? "(no message)")}</p>\n");
    }

    private static string Card(string label, string value) => $"<div class=\"card\"><b>{value}</b>{E(label)}</div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Cut(string text) => text.Length <= MaxExampleChars ? text : text[..MaxExampleChars] + "…";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => N(bytes / (double)(1L << 30), "F2") + " GiB",
        >= 1L << 20 => N(bytes / (double)(1L << 20), "F1") + " MiB",
        >= 1L << 10 => N(bytes / (double)(1L << 10), "F1") + " KiB",
        _ => N(bytes) + " B",
    };
}
