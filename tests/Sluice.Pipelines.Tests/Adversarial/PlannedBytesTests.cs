using System.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// A unit reads exactly what was planned: the bytes its file had at planning (a whole file, a byte range, a
/// compressed file's compressed bytes) or its planned row groups and batches. What is appended later is never read;
/// a file that became shorter is a reject naming it.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class PlannedBytesTests
{
    private const int Planned = 182, Appended = 40;
    private static readonly string[] Lines = HostileInputs.JsonLines(Planned);
    private static readonly string[] Later = HostileInputs.JsonLines(Appended, first: Planned);

    private static string[] IdsOf(IEnumerable<SourceItem<Article>> items) => items.Where(i => i.Error is null).Select(i => i.Record!.Id).ToArray();

    [Fact]
    public async Task Jsonl_WholeFileGrownAfterPlanning_ReadsExactlyThePlannedLines()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl");
        HostileFiles.Write(path, Lines);
        var source = new JsonlSource<Article>(HostileFiles.UriOf(path));
        var units = await source.PlanAsync(0, CancellationToken.None);

        HostileFiles.Append(path, Later);
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(Planned), IdsOf(items));
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Fact]
    public async Task Jsonl_LineCompletedAfterPlanning_IsReadAsPlannedNotAsCompleted()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl");
        var last = Later[0];
        HostileFiles.Write(path, [.. Lines, last[..(last.Length / 2)]]);
        var source = new JsonlSource<Article>(HostileFiles.UriOf(path));
        var units = await source.PlanAsync(0, CancellationToken.None);

        HostileFiles.Append(path, [last[(last.Length / 2)..], .. Later[1..]]);
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(Planned), IdsOf(items));
        var cut = Assert.Single(items, i => i.Error is not null);
        Assert.Contains("malformed JSON", cut.Error);
        Assert.Equal(Planned + 1, cut.Position);
    }

    [Fact]
    public async Task Jsonl_ByteRangesOfAFileGrownAfterPlanning_ReadEveryPlannedLineOnce()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl");
        HostileFiles.Write(path, Lines);
        var source = new JsonlSource<Article>(HostileFiles.UriOf(path), new JsonlSourceOptions { MaxUnitBytes = 3000 });
        var units = await source.PlanAsync(0, CancellationToken.None);
        Assert.True(units.Count > 10);

        HostileFiles.Append(path, Later);
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(Planned), IdsOf(items));
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Theory]
    [InlineData("in.jsonl.gz")]
    [InlineData("in.jsonl.zst")]
    public async Task Compressed_MemberOrFrameAppendedAfterPlanning_IsNotRead(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        Func<IEnumerable<string>, byte[]> compress = name.EndsWith(".gz") ? HostileInputs.GzipTool : HostileInputs.ZstdTool;
        File.WriteAllBytes(path, compress(Lines));
        var source = new JsonlSource<Article>(HostileFiles.UriOf(path));
        var units = await source.PlanAsync(0, CancellationToken.None);

        HostileFiles.Append(path, compress(Later));
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(Planned), IdsOf(items));
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Theory]
    [InlineData("in.jsonl")]
    [InlineData("in.jsonl.gz")]
    public async Task Jsonl_FileCutShortAfterPlanning_KeepsCompleteLinesBeforeAndRejectsNamingTheFile(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        byte[] bytes = name.EndsWith(".gz") ? HostileInputs.GzipTool(Lines) : Encoding.UTF8.GetBytes(string.Concat(Lines));
        File.WriteAllBytes(path, bytes);
        var source = new JsonlSource<Article>(HostileFiles.UriOf(path));
        var units = await source.PlanAsync(0, CancellationToken.None);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var items = await HostileFiles.ReadAllAsync(source, units);

        var kept = IdsOf(items);
        Assert.Equal(HostileInputs.Ids(kept.Length), kept);
        Assert.InRange(kept.Length, 1, Planned - 1);
        var reject = Assert.Single(items, i => i.Error is not null);
        Assert.True(reject.Fatal);
        Assert.Contains($"{HostileFiles.UriOf(path)} ends at byte {bytes.Length / 2}", reject.Error);
        Assert.Contains("changed during the run", reject.Error);
    }

    private static async Task WriteColumnarAsync(string path, string format, IReadOnlyList<LooseArticle> rows)
    {
        await using var file = File.Create(path);
        if (format == "parquet")
        {
            var writer = new ParquetShardWriter<LooseArticle>(file, rowGroupBytes: 1);
            foreach (var part in rows.Chunk(50)) await writer.WriteAsync(part);
            await writer.CompleteAsync();
        }
        else
        {
            var writer = new ArrowShardWriter<LooseArticle>(file);
            foreach (var part in rows.Chunk(50)) await writer.WriteAsync(part, CancellationToken.None);
            await writer.CompleteAsync();
        }
    }

    private static IRecordSource<Article> Columnar(string format, string path) => format == "parquet"
        ? new ParquetSource<Article>(HostileFiles.UriOf(path), maxUnitBytes: 1)
        : new ArrowSource<Article>(HostileFiles.UriOf(path), maxUnitBytes: 1);

    private static LooseArticle[] Rows(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new LooseArticle($"d{i}", null, $"text {i}")).ToArray();

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Columnar_FileGrownAfterPlanning_ReadsExactlyThePlannedRowGroupsOrBatches(string format)
    {
        using var dir = new TempDir();
        var path = dir.File($"in.{format}");
        await WriteColumnarAsync(path, format, Rows(Planned));
        var source = Columnar(format, path);
        var units = await source.PlanAsync(0, CancellationToken.None);
        Assert.True(units.Count > 1);

        // Whatever grows the file (another file's bytes written past its end, a tool appending), the plan stands.
        var other = dir.File($"other.{format}");
        await WriteColumnarAsync(other, format, Rows(Appended, first: 1000));
        HostileFiles.Append(path, File.ReadAllBytes(other));
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(Planned), IdsOf(items));
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Columnar_FileShortenedAfterPlanning_IsARejectNamingTheFile(string format)
    {
        using var dir = new TempDir();
        var path = dir.File($"in.{format}");
        await WriteColumnarAsync(path, format, Rows(Planned));
        var source = Columnar(format, path);
        var units = await source.PlanAsync(0, CancellationToken.None);

        await WriteColumnarAsync(path, format, Rows(60));
        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Empty(IdsOf(items).Except(HostileInputs.Ids(60)));
        var rejects = items.Where(i => i.Error is not null).ToArray();
        Assert.Equal(units.Count, rejects.Length);
        Assert.All(rejects, r => Assert.Contains(HostileFiles.UriOf(path), r.Error));
    }

    [Fact]
    public async Task Run_LinesAppendedWhileTheUnitIsRead_AreNotCommitted()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl");
        var lines = HostileInputs.JsonLines(20_000);
        HostileFiles.Write(path, lines);
        var output = Path.Combine(dir.Path, "out");
        var appended = 0;
        var pipeline = Pipeline.Create("grown-input", new PipelineOptions { BatchSize = 16, LinkCapacity = 2 })
            .ReadJsonl<Article>(path, new JsonlSourceOptions { MaxUnitBytes = 1L << 40 }, name: "read")
            .Map(a =>
            {
                // The first record reaches here long before the source has read the 20,000 lines.
                if (Interlocked.Exchange(ref appended, 1) == 0) HostileFiles.Append(path, HostileInputs.JsonLines(5_000, first: 20_000));
                return a;
            }, "grow-input")
            .WriteJsonl(output, Compression.None)
            .Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, appended);
        Assert.Equal(HostileInputs.Ids(20_000), (await Runs.ReadDatasetAsync<Article>(output)).Select(a => a.Id));
        Assert.Empty(Runs.ReadRejects(Path.Combine(output, "_rejects")));
    }
}
