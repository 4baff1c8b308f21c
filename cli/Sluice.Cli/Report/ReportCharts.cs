using ScottPlot;
using Sluice.Pipelines.Metrics;

namespace Sluice.Cli.Report;

/// <summary>
/// Draws a report's charts with ScottPlot (headless, through SkiaSharp): records through the graph, throughput and
/// queue depth over time, busy time per operator, rejects per operator and shard sizes. A chart without data is left out.
/// </summary>
internal static class ReportCharts
{
    private const int Width = 900;
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The charts <paramref name="report"/> has data for, in page order.</summary>
    public static IReadOnlyList<ReportChart> Draw(RunReport report)
    {
        // Registers the chart font before the first plot takes ScottPlot's default.
        _ = ChartFonts.Font;
        var charts = new List<ReportChart>();
        if (report.Stats is { Operators.Count: > 0 } stats)
        {
            var names = stats.Operators.Select(o => o.Name).ToArray();
            charts.Add(GroupedBars("records", "Records through the graph per operator", names,
                [("in", stats.Operators.Select(o => (double)o.RecordsIn).ToArray()),
                 ("out", stats.Operators.Select(o => (double)o.RecordsOut).ToArray()),
                 ("rejected", stats.Operators.Select(o => (double)o.Rejected).ToArray())], "records", counts: true));
            var busy = stats.Operators.Select(o => o.BusySeconds).ToArray();
            charts.Add(GroupedBars("busy", $"Busy time per operator (most: {names[Array.IndexOf(busy, busy.Max())]})", names,
                [("busy", busy)], "seconds, summed over threads", counts: false));
            if (stats.Timeline is { Seconds.Count: >= 2 } timeline)
            {
                charts.Add(Lines("throughput", "Throughput over time per operator (records out per second)", timeline, Rates(timeline), "records/s"));
                if (timeline.Operators.Any(o => o.QueueDepth.Any(d => d > 0)))
                    charts.Add(Lines("queue", "Queue depth over time (batches waiting in front of each operator)", timeline,
                        AtSamples(timeline, o => o.QueueDepth.Select(d => (double)d)), "batches"));
            }
        }
        if (report.Rejects.PerOperator.Count > 0)
            charts.Add(GroupedBars("rejects", "Rejects per operator", report.Rejects.PerOperator.Select(p => p.Key).ToArray(),
                [("rejected", report.Rejects.PerOperator.Select(p => (double)p.Value).ToArray())], "records", counts: true));
        if (report.Dataset is { Shards.Count: > 0 } dataset)
            charts.Add(Histogram("shards", $"Shard sizes ({dataset.Shards.Count} shard{(dataset.Shards.Count == 1 ? "" : "s")})", dataset.Shards.Select(s => s.Bytes / 1e6).ToArray(), "MB"));
        return charts;
    }

    /// <summary>
    /// Records out per second over each interval between samples, per operator, drawn as steps: a rate holds over its
    /// whole interval, so it is plotted at both ends rather than as a ramp between points.
    /// </summary>
    private static (double[] X, double[] Y)[] Rates(RunTimeline timeline)
    {
        var t = timeline.Seconds;
        return timeline.Operators.Select(o =>
        {
            var (xs, ys) = (new List<double>(), new List<double>());
            for (var i = 1; i < t.Count; i++)
            {
                var rate = (o.RecordsOut[i] - o.RecordsOut[i - 1]) / Math.Max(t[i] - t[i - 1], 1e-3);
                xs.AddRange([t[i - 1], t[i]]);
                ys.AddRange([rate, rate]);
            }
            return (xs.ToArray(), ys.ToArray());
        }).ToArray();
    }

    /// <summary>Each operator's values at the timeline's sample times.</summary>
    private static (double[] X, double[] Y)[] AtSamples(RunTimeline timeline, Func<OperatorSeries, IEnumerable<double>> values) =>
        timeline.Operators.Select(o => (timeline.Seconds.ToArray(), values(o).ToArray())).ToArray();

    /// <summary>Horizontal bars, one group per name and one colour per series, names on the left; <paramref name="counts"/>: whole-number ticks.</summary>
    private static ReportChart GroupedBars(string name, string title, string[] names, (string Label, double[] Values)[] series, string unit, bool counts)
    {
        var plot = NewPlot(title);
        var bars = new List<Bar>();
        var group = series.Length + 1.0;
        for (var n = 0; n < names.Length; n++)
            for (var s = 0; s < series.Length; s++)
                bars.Add(new Bar { Position = -(n * group + s), Value = series[s].Values[n], FillColor = Palette.GetColor(s), Size = 0.9 });
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        // Top to bottom in graph order: positions run downwards, each name at its group's middle.
        plot.Axes.Left.SetTicks(names.Select((_, n) => -(n * group + (series.Length - 1) / 2.0)).ToArray(), names);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.XLabel(unit);
        plot.Axes.Margins(left: 0);
        if (counts) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (series.Length > 1)
        {
            for (var s = 0; s < series.Length; s++) plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = Palette.GetColor(s) });
            plot.ShowLegend(Edge.Bottom);
        }
        return Render(plot, name, title, Math.Clamp(120 + names.Length * series.Length * 22, 260, 1400));
    }

    /// <summary>One line per operator over the timeline's sample times.</summary>
    private static ReportChart Lines(string name, string title, RunTimeline timeline, (double[] X, double[] Y)[] values, string unit)
    {
        var plot = NewPlot(title);
        for (var o = 0; o < timeline.Operators.Count; o++)
        {
            var line = plot.Add.Scatter(values[o].X, values[o].Y);
            line.LegendText = timeline.Operators[o].Name;
            line.Color = Palette.GetColor(o);
            line.LineWidth = 2;
            line.MarkerSize = 4;
        }
        plot.XLabel("seconds since the run started");
        plot.YLabel(unit);
        // From zero, so a steady rate reads as steady rather than as noise magnified to fill the chart.
        var top = values.SelectMany(v => v.Y).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.1 : 1);
        plot.ShowLegend(Edge.Right);
        return Render(plot, name, title, 420);
    }

    /// <summary>A histogram with up to 20 equal bins between the smallest and largest value.</summary>
    private static ReportChart Histogram(string name, string title, double[] values, string unit)
    {
        var plot = NewPlot(title);
        var (min, max) = (values.Min(), values.Max());
        var bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)), 1, 20);
        var width = max > min ? (max - min) / bins : Math.Max(max * 0.1, 1e-6);
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Min((int)((v - min) / width), bins - 1)]++;
        var bars = counts.Select((c, i) => new Bar { Position = min + (i + 0.5) * width, Value = c, Size = width * 0.95, FillColor = Palette.GetColor(0) }).ToList();
        plot.Add.Bars(bars);
        plot.XLabel($"shard size ({unit})");
        plot.YLabel("shards");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0);
        return Render(plot, name, title, 360);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title, 16);
        // The native asset has no fontconfig: keep the registered font rather than a per-glyph lookup that finds none.
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = Fonts.Default;
        return plot;
    }

    private static ReportChart Render(Plot plot, string name, string title, int height) =>
        new(name, title, plot.GetImageBytes(Width, height, ImageFormat.Png), Width, height);
}
