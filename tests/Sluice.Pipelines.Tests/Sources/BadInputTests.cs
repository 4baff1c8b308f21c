using System.IO.Compression;
using System.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Sources;

/// <summary>
/// Bad input is a reject naming the file, the position and the reason; the run goes on by default and keeps every
/// valid record, and stops under <see cref="ErrorPolicy.Stop"/>.
/// </summary>
public sealed class BadInputTests
{
    private const int BadLine = 4;
    private static readonly Row[] Valid = Enumerable.Range(1, 9).Select(Row.Make).ToArray();

    private static string UriOf(string path) => "file://" + Path.GetFullPath(path);

    /// <summary>Nine valid rows with one bad line inserted as line 4.</summary>
    private static void WriteWithBadLine(string path, string kind)
    {
        using var file = File.Create(path);
        for (var i = 0; i <= Valid.Length; i++)
        {
            byte[] line = i == BadLine - 1
                ? kind switch
                {
                    "malformed" => Runs.Utf8("""{"id": "bad", "n": 4, "text": """),
                    "utf8" => [.. Runs.Utf8("""{"id": "bad", "n": 4, "text": "a"""), 0xC3, 0x28, 0xFF, .. Runs.Utf8("\"}")],
                    "overlong" => Runs.Utf8(Runs.JsonLine(new Row("long", 4, new string('x', 400)))),
                    _ => throw new ArgumentException(kind),
                }
                : Runs.Utf8(Runs.JsonLine(Valid[i < BadLine - 1 ? i : i - 1]));
            file.Write(line);
            file.WriteByte((byte)'\n');
        }
    }

    private static Pipeline Build(string input, string output, ErrorPolicy policy, Func<PipelineBuilder, Flow<Row>>? read = null)
    {
        var p = Pipeline.Create("bad-input", new PipelineOptions { ErrorPolicy = policy, BatchSize = 4 });
        var flow = read?.Invoke(p) ?? p.ReadJsonl<Row>(input, new JsonlSourceOptions { MaxLineBytes = 200 }, name: "read");
        return flow.Map(r => r, "identity").WriteJsonl(output, Compression.None).Build();
    }

    [Theory]
    [InlineData("malformed", "malformed JSON")]
    [InlineData("utf8", "invalid UTF-8")]
    [InlineData("overlong", "MaxLineBytes")]
    public async Task Run_BadJsonlLine_RejectedWithFileLineReasonAndValidRowsKept(string kind, string reason)
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        WriteWithBadLine(input, kind);
        var output = Path.Combine(dir.Path, "out");

        var result = await Runs.RunAsync(Build(input, output, ErrorPolicy.Reject));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(Valid.Select(r => r.Id), (await Runs.ReadDatasetAsync<Row>(output)).Select(r => r.Id));
        var reject = Assert.Single(Runs.ReadRejects(Path.Combine(output, "_rejects")));
        Assert.Equal("read", reject.Operator);
        Assert.Equal(UriOf(input), reject.File);
        Assert.Equal(BadLine, reject.Position);
        Assert.Contains(reason, reject.Reason);
        Assert.Contains($"line {BadLine}", reject.Reason);
        Assert.Equal(1, result.Rejected);
    }

    [Theory]
    [InlineData("malformed", "malformed JSON")]
    [InlineData("utf8", "invalid UTF-8")]
    [InlineData("overlong", "MaxLineBytes")]
    public async Task Run_BadJsonlLineUnderStop_FailsNamingFileLineAndReason(string kind, string reason)
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        WriteWithBadLine(input, kind);
        var output = Path.Combine(dir.Path, "out");
        var pipeline = Build(input, output, ErrorPolicy.Reject);

        var result = await Runs.RunAsync(pipeline.With(pipeline.Options with { ErrorPolicy = ErrorPolicy.Stop }));

        Assert.Equal(RunStatus.Failed, result.Status);
        var stop = Assert.IsType<RejectedRecordException>(result.Error);
        Assert.Equal(BadLine, stop.Reject.Position);
        Assert.Equal(UriOf(input), stop.Reject.File);
        Assert.Contains(reason, stop.Message);
        Assert.Contains(input, stop.Message);
        Assert.Null(Runs.ReadManifest(output));
    }

    /// <summary>Two compressed members/frames: the first valid, the second starting with the format's magic and then junk.</summary>
    private static void WriteCorruptCompressed(string path, Compression compression, IEnumerable<Row> good)
    {
        using var file = File.Create(path);
        using (var buffer = new MemoryStream())
        {
            using (var writer = CompressionCodec.OpenWrite(buffer, compression) is var s ? new StreamWriter(s, new UTF8Encoding(false)) : null)
                foreach (var row in good) writer!.Write(Runs.JsonLine(row) + "\n");
            file.Write(buffer.ToArray());
        }
        byte[] magic = compression == Compression.Gzip ? [0x1f, 0x8b, 0x08, 0x00] : [0x28, 0xb5, 0x2f, 0xfd];
        file.Write(magic);
        file.Write(Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray());
    }

    [Theory]
    [InlineData(Compression.Gzip, "in.jsonl.gz")]
    [InlineData(Compression.Zstd, "in.jsonl.zst")]
    public async Task Run_CorruptCompressedMidFile_KeepsLinesBeforeAndRejectsRest(Compression compression, string name)
    {
        using var dir = new TempDir();
        var input = dir.File(name);
        var good = Enumerable.Range(0, 120).Select(Row.Make).ToArray();
        WriteCorruptCompressed(input, compression, good);
        var output = Path.Combine(dir.Path, "out");

        var result = await Runs.RunAsync(Build(input, output, ErrorPolicy.Reject));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(good.Select(r => r.Id), (await Runs.ReadDatasetAsync<Row>(output)).Select(r => r.Id));
        var reject = Assert.Single(Runs.ReadRejects(Path.Combine(output, "_rejects")));
        Assert.Equal(UriOf(input), reject.File);
        Assert.Contains("stream failed", reject.Reason);
        Assert.Contains($"line {good.Length + 1}", reject.Reason);

        var strict = await Runs.RunAsync(Build(input, Path.Combine(dir.Path, "strict"), ErrorPolicy.Stop));
        Assert.Equal(RunStatus.Failed, strict.Status);
        Assert.Contains(name, Assert.IsType<RejectedRecordException>(strict.Error).Message);
    }

    private static async Task WriteColumnarAsync(string path, string format, IReadOnlyList<Row> rows)
    {
        await using var file = File.Create(path);
        if (format == "parquet")
        {
            var writer = new ParquetShardWriter<Row>(file);
            await writer.WriteAsync(rows);
            await writer.CompleteAsync();
        }
        else
        {
            var writer = new ArrowShardWriter<Row>(file);
            await writer.WriteAsync(rows.Take(rows.Count / 2).ToArray(), CancellationToken.None);
            await writer.WriteAsync(rows.Skip(rows.Count / 2).ToArray(), CancellationToken.None);
            await writer.CompleteAsync();
        }
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Run_TruncatedColumnarFile_RejectedNamingFileAndOtherFilesKept(string format)
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "in");
        Directory.CreateDirectory(folder);
        var good = Enumerable.Range(0, 40).Select(Row.Make).ToArray();
        await WriteColumnarAsync(Path.Combine(folder, $"a-good.{format}"), format, good);
        var bad = Path.Combine(folder, $"b-bad.{format}");
        await WriteColumnarAsync(bad, format, Enumerable.Range(100, 40).Select(Row.Make).ToArray());
        var bytes = File.ReadAllBytes(bad);
        File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);
        var output = Path.Combine(dir.Path, "out");
        Func<PipelineBuilder, Flow<Row>> read = format == "parquet" ? p => p.ReadParquet<Row>(folder, "read") : p => p.ReadArrow<Row>(folder, "read");

        var result = await Runs.RunAsync(Build(folder, output, ErrorPolicy.Reject, read));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(good.Select(r => r.Id), (await Runs.ReadDatasetAsync<Row>(output)).Select(r => r.Id));
        var reject = Assert.Single(Runs.ReadRejects(Path.Combine(output, "_rejects")));
        Assert.Equal(UriOf(bad), reject.File);
        Assert.Equal("read", reject.Operator);
        Assert.Contains("truncated", reject.Reason);

        var strict = await Runs.RunAsync(Build(folder, Path.Combine(dir.Path, "strict"), ErrorPolicy.Stop, read));
        Assert.Equal(RunStatus.Failed, strict.Status);
        Assert.Equal(UriOf(bad), Assert.IsType<RejectedRecordException>(strict.Error).Reject.File);
    }

    [Fact]
    public async Task Run_MissingInput_ThrowsFileNotFoundNamingUri()
    {
        using var dir = new TempDir();
        var missing = dir.File("nowhere/none.jsonl");

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            Runs.RunAsync(Build(missing, Path.Combine(dir.Path, "out"), ErrorPolicy.Reject)));

        Assert.Contains(missing, e.Message);
    }
}
