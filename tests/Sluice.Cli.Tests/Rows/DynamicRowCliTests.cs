using Sluice.Cli.Tests.Adversarial;
using Sluice.Operators.Text;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Rows;

/// <summary>
/// The contract of the dynamic row through the real CLI: a script reads a nested Parquet file others wrote as
/// <c>Row</c>, edits it and writes Parquet and Arrow that an independent reader (DuckDB, through <c>sluice query</c>)
/// counts and reads; a typed read of a file that does not fit its record exits 1 at planning, naming the column.
/// </summary>
public sealed class DynamicRowCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-rows-cli-").FullName;

    [Theory]
    [InlineData("WriteParquet")]
    [InlineData("WriteArrowShards")]
    public async Task Script_ReadsForeignNestedParquetAsRows_AndWritesWhatDuckDbReads(string sink)
    {
        var input = Path.Combine(RepoPaths.ParquetTesting, "data", "nested_maps.snappy.parquet");
        var script = Path.Combine(_dir, "rows.csx");
        await File.WriteAllTextAsync(script, $$"""
            return Pipeline.Create("foreign-rows")
                .ReadParquet<Row>(Param("input", "in.parquet"))
                .Where(r => r.Get<int>("b") == 1, "b is not 1")
                .Map(r => r.Without("c").With("source", "parquet-testing"))
                .{{sink}}(Output("out"))
                .Build();
            """);
        var output = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["run", script, "--input", input, "--output", output]);
        Assert.True(exit == 0, stdout + stderr);

        var (qexit, rows, qerr) = await SluiceProcess.RunAsync(_dir, ["query", $"SELECT count(*) AS n, min(source) AS s, count(a) AS maps FROM dataset('{output}')", "--json"]);
        Assert.True(qexit == 0, rows + qerr);
        Assert.Contains("\"n\":6", rows.Replace(" ", ""));
        Assert.Contains("\"s\":\"parquet-testing\"", rows.Replace(" ", ""));
        Assert.Contains("\"maps\":6", rows.Replace(" ", ""));
    }

    [Fact]
    public async Task TypedReadOfAFileThatDoesNotFit_ExitsOneAtPlanning_NamingTheColumn()
    {
        var input = Path.Combine(_dir, "docs.parquet");
        await using (var writer = new ParquetShardWriter<Document>(File.Create(input)))
            await writer.WriteAsync([new Document("d1", "t", "text")]);
        var script = Path.Combine(_dir, "typed.csx");
        await File.WriteAllTextAsync(script, """
            record Wrong(string Id, long Text);
            return Pipeline.Create("typed").ReadParquet<Wrong>(Param("input", "in.parquet")).WriteJsonl(Output("out")).Build();
            """);

        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["run", script, "--input", input, "--output", Path.Combine(_dir, "out")]);

        Assert.Equal(1, exit);
        Assert.Contains("docs.parquet cannot be read as Wrong: column 'text'", stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public async Task Inspect_Float16AndNestedParquet_DescribesTheirTypes()
    {
        var data = Path.Combine(RepoPaths.ParquetTesting, "data");
        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["inspect", Path.Combine(data, "float16_nonzeros_and_nans.parquet")]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("8 rows", stdout);
        Assert.Contains("  x: halffloat", stdout);
        (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["inspect", Path.Combine(data, "nested_maps.snappy.parquet")]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("  a: map<utf8, map<int32, bool>>", stdout);
    }

    [Fact]
    public async Task RowsExample_RunsOnItsBundledDefault_AndAddsATypedColumn()
    {
        var output = Path.Combine(_dir, "out");
        var (exit, stdout, stderr) = await SluiceProcess.RunAsync(_dir, ["run", RepoPaths.Of("examples", "rows.csx"), "--output", output]);
        Assert.True(exit == 0, stdout + stderr);
        var (qexit, rows, qerr) = await SluiceProcess.RunAsync(_dir, ["query", $"SELECT count(*) AS n, typeof(min(words)) AS t FROM dataset('{output}')", "--json"]);
        Assert.True(qexit == 0, rows + qerr);
        Assert.Contains("\"n\":182", rows.Replace(" ", ""));
        Assert.Contains("\"t\":\"BIGINT\"", rows.Replace(" ", ""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
