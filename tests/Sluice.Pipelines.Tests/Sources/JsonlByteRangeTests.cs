using Sluice.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Sources;

public sealed class JsonlByteRangeTests
{
    private static async Task<List<T>> ReadAllUnitsAsync<T>(JsonlSource<T> source)
    {
        var units = await source.PlanAsync(0, CancellationToken.None);
        var records = new List<T>();
        foreach (var unit in units)
            await foreach (var item in source.ReadAsync(unit, CancellationToken.None))
            {
                Assert.Null(item.Error);
                records.Add(item.Record!);
            }
        return records;
    }

    [Property(MaxTest = 60)]
    public Property ReadAsync_SmallRanges_EveryLineExactlyOnceInOrder(NonNegativeInt[] lengths, PositiveInt unitBytes, bool crlf)
    {
        using var dir = new TempDir();
        var path = dir.File("lines.jsonl");
        // Texts of varied length with multi-byte characters, so range edges fall everywhere, mid-character too.
        var rows = lengths.Select((l, i) => new Row($"r{i}", i, new string('é', l.Get % 40) + new string('x', l.Get % 7))).ToArray();
        File.WriteAllText(path, string.Concat(rows.Select(r => Runs.JsonLine(r) + (crlf ? "\r\n" : "\n"))));
        var source = new JsonlSource<Row>(path, new JsonlSourceOptions { MaxUnitBytes = unitBytes.Get % 200 + 1 });

        var read = ReadAllUnitsAsync(source).GetAwaiter().GetResult();

        return read.Select(r => r.Id).SequenceEqual(rows.Select(r => r.Id)).Label($"read {read.Count} of {rows.Length}");
    }

    [Fact]
    public async Task PlanAsync_SmallMaxUnitBytes_SplitsIntoAlignedByteRanges()
    {
        var size = new FileInfo(RepoPaths.ScifactAbstracts).Length;
        var source = new JsonlSource<Abstract>(RepoPaths.ScifactAbstracts, new JsonlSourceOptions { MaxUnitBytes = 10_000 });

        var units = await source.PlanAsync(0, CancellationToken.None);

        Assert.Equal((size + 9_999) / 10_000, units.Count);
        Assert.All(units, u => Assert.Equal(UnitKind.ByteRange, u.Kind));
        Assert.Equal(0, units[0].Start);
        Assert.Equal(size, units[^1].End);
        for (var i = 1; i < units.Count; i++) Assert.Equal(units[i - 1].End, units[i].Start);
    }

    [Fact]
    public async Task Run_ExampleDataInByteRanges_SameRecordsAsWholeFile()
    {
        using var dir = new TempDir();
        var whole = Path.Combine(dir.Path, "whole");
        var ranged = Path.Combine(dir.Path, "ranged");
        var a = await Runs.RunAsync(Pipeline.Create("whole").ReadJsonl<Abstract>(RepoPaths.ScifactAbstracts)
            .WriteJsonl(whole, Compression.None).Build());
        var b = await Runs.RunAsync(Pipeline.Create("ranged", new PipelineOptions { BatchSize = 5 })
            .ReadJsonl<Abstract>(RepoPaths.ScifactAbstracts, new JsonlSourceOptions { MaxUnitBytes = 7_000 })
            .WriteJsonl(ranged, Compression.None).Build());

        Assert.Equal(RunStatus.Completed, a.Status);
        Assert.Equal(RunStatus.Completed, b.Status);
        Assert.Equal(1, a.UnitsPlanned);
        Assert.True(b.UnitsPlanned > 40, $"{b.UnitsPlanned} units");
        var expected = await Runs.ReadDatasetAsync<Abstract>(whole);
        Assert.Equal(182, expected.Count);
        Assert.Equal(expected, await Runs.ReadDatasetAsync<Abstract>(ranged));
    }
}
