using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Metrics;

public sealed class MetricsTimelineTests
{
    [Fact]
    public void Sample_PastMaxPoints_KeepsEveryOtherAndDoublesTheInterval()
    {
        var op = new OperatorMetrics("count", OperatorRole.Transform);
        var timeline = new MetricsTimeline([op], TimeSpan.FromSeconds(1), maxPoints: 8);
        for (var t = 0; t <= 8; t++)
        {
            timeline.Sample(t);
            op.AddOut(10);
        }

        var series = timeline.ToTimeline();

        Assert.Equal([0.0, 2, 4, 6, 8], series.Seconds);
        Assert.Equal([0L, 20, 40, 60, 80], series.Operators[0].RecordsOut);
        Assert.Equal(TimeSpan.FromSeconds(2), timeline.Interval);
        Assert.Equal(2, series.IntervalSeconds);
    }

    [Fact]
    public void Sample_ManyTimes_StaysWithinMaxPointsAndSpansTheRun()
    {
        var timeline = new MetricsTimeline([new OperatorMetrics("a", OperatorRole.Source), new OperatorMetrics("b", OperatorRole.Sink)]);
        for (var t = 0; t < 9_999; t++) timeline.Sample(t);
        timeline.Sample(9_999, final: true);

        var series = timeline.ToTimeline();

        Assert.InRange(series.Seconds.Count, MetricsTimeline.DefaultMaxPoints / 2, MetricsTimeline.DefaultMaxPoints);
        Assert.Equal(0, series.Seconds[0]);
        Assert.Equal(9_999, series.Seconds[^1]);
        Assert.All(series.Operators, o => Assert.Equal(series.Seconds.Count, o.RecordsIn.Count));
    }

    [Fact]
    public void Sample_SoonerThanTheInterval_IsDroppedUnlessFinal()
    {
        var timeline = new MetricsTimeline([new OperatorMetrics("a", OperatorRole.Source)], TimeSpan.FromSeconds(1));
        timeline.Sample(0);
        timeline.Sample(0.5);
        timeline.Sample(1.0);
        timeline.Sample(1.2, final: true);

        Assert.Equal([0.0, 1.0, 1.2], timeline.ToTimeline().Seconds);
    }

    [Fact]
    public async Task Run_WritesTheTimelineToStats_EndingAtTheFinalCounts()
    {
        using var dir = new TempDir();
        Runs.WriteJsonl(dir.File("in.jsonl"), Enumerable.Range(0, 500).Select(Row.Make));
        var pipeline = Pipeline.Create("timeline", new PipelineOptions { BatchSize = 50 }).ReadJsonl<Row>(dir.File("in.jsonl"))
            .Where(r => r.N % 5 != 0, "multiple of five").WriteJsonl(dir.File("out")).Build();

        var result = await Runs.RunAsync(pipeline, new RunOptions { TimelineInterval = TimeSpan.FromMilliseconds(20) });

        var timeline = result.Timeline!;
        Assert.True(timeline.Seconds.Count >= 2, "a first sample when the graph starts and a last one when it ends");
        Assert.Equal(result.Operators.Select(o => o.Name), timeline.Operators.Select(o => o.Name));
        Assert.Equal(result.Operators.Select(o => o.RecordsOut), timeline.Operators.Select(o => o.RecordsOut[^1]));
        Assert.Equal(100, timeline.Operators[1].Rejected[^1]);
        using var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("out"), "stats.json")));
        Assert.Equal(timeline.Seconds.Count, stats.RootElement.GetProperty("timeline").GetProperty("seconds").GetArrayLength());
    }
}
