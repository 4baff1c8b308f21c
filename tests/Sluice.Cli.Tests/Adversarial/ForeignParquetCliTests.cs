using Sluice.Operators.Text;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// Files other tools wrote, through the real CLI: a damaged Parquet file from the Apache corpus is one clean error
/// for <c>inspect</c>, and one reject in a run over a folder, while the folder's good file is read whole.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class ForeignParquetCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-foreign-").FullName;
    private static string Bad => Path.Combine(RepoPaths.ParquetTesting, "bad_data", "PARQUET-1481.parquet");

    [Fact]
    public async Task Inspect_DamagedParquet_ExitsOneNamingTheFileWithoutAStackTrace()
    {
        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["inspect", Bad]);

        Assert.Equal(1, exit);
        Assert.Contains("PARQUET-1481.parquet", stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task Run_FolderWithOneDamagedParquet_ReadsTheGoodFileAndRejectsTheBadOne()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        var docs = Enumerable.Range(0, 40).Select(i => new Document($"d{i}", "t", $"text {i}")).ToList();
        await using (var writer = new ParquetShardWriter<Document>(File.Create(Path.Combine(input, "a-good.parquet"))))
            await writer.WriteAsync(docs);
        File.Copy(Bad, Path.Combine(input, "b-bad.parquet"));
        var script = Path.Combine(_dir, "read.csx");
        await File.WriteAllTextAsync(script,
            "return Pipeline.Create(\"read-foreign\").ReadParquet<Document>(Param(\"input\", \"in\")).WriteJsonl(Output(\"out\")).Build();");
        var output = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["run", script, "--input", input, "--output", output]);

        Assert.True(exit == 0, stdout + stderr);
        var written = Directory.GetFiles(output, "part-*.jsonl.gz").Sum(f =>
        {
            using var text = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(f), System.IO.Compression.CompressionMode.Decompress));
            return text.ReadToEnd().Split('\n').Count(l => l.Length > 0);
        });
        Assert.Equal(docs.Count, written);
        var rejects = Directory.GetFiles(Path.Combine(output, "_rejects"), "*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToArray();
        Assert.Contains(rejects, r => r.Contains("b-bad.parquet"));
        Assert.DoesNotContain(rejects, r => r.Contains("a-good.parquet"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
