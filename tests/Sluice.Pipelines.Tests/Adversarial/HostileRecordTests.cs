using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Through the engine: a damaged compressed file, a record holding a null its type forbids and a line giving a key
/// twice are rejects naming the file, position and reason; the run completes with every other record, and an
/// operator that trusts the record type never meets a null.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class HostileRecordTests
{
    private const int Total = 182, BeforeCut = 100, Hostile = 4;
    private static readonly string[] Lines = HostileInputs.JsonLines(Total);

    /// <summary>Reads, then dereferences Text as a script trusting the type would (a null faults this operator).</summary>
    private static Pipeline Build(Func<PipelineBuilder, Flow<Article>> read, string output, ErrorPolicy policy = ErrorPolicy.Reject) =>
        read(Pipeline.Create("hostile-input", new PipelineOptions { ErrorPolicy = policy, BatchSize = 16 }))
            .Map(a => a with { Text = a.Text.Trim() }, "trim-text")
            .WriteJsonl(output, Compression.None)
            .Build();

    private static Func<PipelineBuilder, Flow<Article>> Jsonl(string path) => p => p.ReadJsonl<Article>(path, name: "read");

    private static async Task<(RunResult Result, string[] Ids, List<RejectRecord> Rejects)> RunAsync(Pipeline pipeline, string output)
    {
        var result = await Runs.RunAsync(pipeline);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Error}");
        return (result, (await Runs.ReadDatasetAsync<Article>(output)).Select(a => a.Id).ToArray(), Runs.ReadRejects(Path.Combine(output, "_rejects")));
    }

    [Fact]
    public async Task Run_GzipCutAtFlushPoint_KeepsLinesBeforeAndRejectsNamingFileAndOffset()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl.gz");
        var (file, flushPoint) = HostileInputs.GzipWithFlushPoint(Lines, BeforeCut);
        File.WriteAllBytes(path, file[..flushPoint]);
        var output = Path.Combine(dir.Path, "out");

        var (result, ids, rejects) = await RunAsync(Build(Jsonl(path), output), output);

        Assert.Equal(HostileInputs.Ids(BeforeCut), ids);
        var reject = Assert.Single(rejects);
        Assert.Equal(HostileFiles.UriOf(path), reject.File);
        Assert.Equal("read", reject.Operator);
        Assert.Equal(BeforeCut + 1, reject.Position);
        Assert.Contains($"compressed byte {flushPoint}", reject.Reason);
        Assert.Equal(1, result.Rejected);

        var strict = await Runs.RunAsync(Build(Jsonl(path), Path.Combine(dir.Path, "strict"), ErrorPolicy.Stop));
        Assert.Equal(RunStatus.Failed, strict.Status);
        Assert.Equal(HostileFiles.UriOf(path), Assert.IsType<RejectedRecordException>(strict.Error).Reject.File);
    }

    [Fact]
    public async Task Run_GzipWithWrongCrc_IsAReject()
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl.gz");
        File.WriteAllBytes(path, HostileInputs.Flip(HostileInputs.GzipTool(Lines), -8));
        var output = Path.Combine(dir.Path, "out");

        var (_, ids, rejects) = await RunAsync(Build(Jsonl(path), output), output);

        Assert.Equal(HostileInputs.Ids(Total), ids);
        Assert.Contains("trailer check failed", Assert.Single(rejects).Reason);
    }

    [Theory]
    [InlineData("""{"id":"x","title":"t","text":null}""", "field 'text' is null or missing, but Article.Text is not nullable")]
    [InlineData("""{"id":"x","title":"t"}""", "field 'text' is null or missing")]
    [InlineData("""{"title":"t","text":"a"}""", "field 'id' is null or missing")]
    [InlineData("""{"id":"a","id":"b","text":"t"}""", "Duplicate property 'id'")]
    public async Task Run_JsonlLineWithForbiddenNullOrRepeatedKey_IsARejectAndEveryOtherLineIsKept(string hostile, string reason)
    {
        using var dir = new TempDir();
        var path = dir.File("in.jsonl");
        HostileFiles.Write(path, [.. Lines[..(Hostile - 1)], hostile + "\n", .. Lines[(Hostile - 1)..]]);
        var output = Path.Combine(dir.Path, "out");

        var (result, ids, rejects) = await RunAsync(Build(Jsonl(path), output), output);

        Assert.Equal(HostileInputs.Ids(Total), ids);
        var reject = Assert.Single(rejects);
        Assert.Equal("read", reject.Operator);
        Assert.Equal(HostileFiles.UriOf(path), reject.File);
        Assert.Equal(Hostile, reject.Position);
        Assert.Contains(reason, reject.Reason);
        Assert.Equal(1, result.Rejected);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Run_ColumnarRowsWithForbiddenNulls_AreRejectsOfThoseRowsOnly(string format)
    {
        using var dir = new TempDir();
        var path = dir.File($"in.{format}");
        var rows = Enumerable.Range(0, Total).Select(i => new LooseArticle($"d{i}", null, i is 3 or 150 ? null : $"text {i}")).ToArray();
        rows[77] = rows[77] with { Id = null };
        await using (var file = File.Create(path))
        {
            if (format == "parquet")
            {
                var writer = new ParquetShardWriter<LooseArticle>(file);
                await writer.WriteAsync(rows);
                await writer.CompleteAsync();
            }
            else
            {
                var writer = new ArrowShardWriter<LooseArticle>(file);
                await writer.WriteAsync(rows, CancellationToken.None);
                await writer.CompleteAsync();
            }
        }
        var output = Path.Combine(dir.Path, "out");
        Func<PipelineBuilder, Flow<Article>> read = format == "parquet" ? p => p.ReadParquet<Article>(path, "read") : p => p.ReadArrow<Article>(path, "read");

        var (_, ids, rejects) = await RunAsync(Build(read, output), output);

        Assert.Equal(HostileInputs.Ids(Total).Where(id => id is not ("d3" or "d77" or "d150")), ids);
        Assert.Equal([3L, 77, 150], rejects.Select(r => r.Position).Order());
        Assert.All(rejects, r => Assert.Equal(HostileFiles.UriOf(path), r.File));
        Assert.Contains(rejects, r => r.Reason.Contains("field 'text' is null or missing, but Article.Text is not nullable"));
        Assert.Contains(rejects, r => r.Reason.Contains("field 'id' is null or missing, but Article.Id is not nullable"));
    }
}
