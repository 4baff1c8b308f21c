using System.Text.Json;
using Sluice.Operators.Text;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Commands;

/// <summary>
/// <c>sluice query</c> over datasets a real pipeline wrote: the rows and aggregates are the pipeline's, only the
/// shards the manifest lists are read, and every failure is one line with exit 1.
/// </summary>
public sealed class QueryCommandTests : IDisposable
{
    /// <summary>SciFact abstracts copied unchanged into a dataset of the format asked for, several shards.</summary>
    internal const string CopyScript = """
        var input = Param("input", "missing.jsonl");
        var flow = Pipeline.Create("query-source").ReadJsonl<Document>(input, new JsonlSourceOptions { MaxUnitBytes = 100_000 });
        var output = Output("out/query");
        return (Param("format", "parquet") switch
        {
            "jsonl" => flow.WriteJsonl(output, Compression.Zstd),
            "arrow" => flow.WriteArrowShards(output),
            _ => flow.WriteParquet(output),
        }).Build();
        """;

    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    internal static IReadOnlyList<Document> Input() =>
        File.ReadLines(CliSandbox.Abstracts).Select(l => JsonSerializer.Deserialize<Document>(l, SluiceJson.Options)!).ToList();

    private async Task<string> DatasetAsync(string format)
    {
        var output = _box.File("out-" + format);
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", _box.Script("copy.csx", CopyScript), "--output", output,
            "--input", CliSandbox.Abstracts, "--format", format);
        Assert.True(exit == 0, stdout + stderr);
        return output;
    }

    private static DatasetManifest Manifest(string folder) =>
        JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllBytes(Path.Combine(folder, DatasetManifest.FileName)), SluiceJson.Options)!;

    private static async Task<List<JsonElement>> JsonRowsAsync(string sql)
    {
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("query", sql, "--json", "--limit", "0");
        Assert.True(exit == 0, stdout + stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("jsonl")]
    public async Task Query_DatasetAPipelineWrote_ReturnsItsRows(string format)
    {
        var dataset = await DatasetAsync(format);
        var input = Input();
        Assert.True(Manifest(dataset).Shards.Count > 1, "the dataset should have several shards");

        var counts = await JsonRowsAsync($"SELECT count(*) AS n, count(DISTINCT id) AS ids FROM dataset('{dataset}')");
        var ids = await JsonRowsAsync($"SELECT id FROM dataset('{dataset}') ORDER BY id");
        var one = await JsonRowsAsync($"SELECT title, text FROM dataset('{dataset}') WHERE id = '{input[1].Id}'");

        Assert.Equal(input.Count, counts[0].GetProperty("n").GetInt64());
        Assert.Equal(Manifest(dataset).Rows, counts[0].GetProperty("ids").GetInt64());
        Assert.Equal(input.Select(d => d.Id).Order(StringComparer.Ordinal), ids.Select(r => r.GetProperty("id").GetString()!));
        Assert.Equal(input[1].Title, Assert.Single(one).GetProperty("title").GetString());
        Assert.Equal(input[1].Text, one[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Query_StrayShardBesideTheListedOnes_IsNotRead()
    {
        var dataset = await DatasetAsync("parquet");
        var listed = Manifest(dataset).Shards;
        // A whole extra copy of a listed shard, named like one: a glob over the folder would count its rows twice.
        File.Copy(Path.Combine(dataset, listed[0].Key), Path.Combine(dataset, "part-u999999-stray-0000.parquet"));

        var counts = await JsonRowsAsync($"SELECT count(*) AS n FROM dataset('{dataset}')");

        Assert.Equal(Input().Count, counts[0].GetProperty("n").GetInt64());
        Assert.Equal(listed.Sum(s => s.Rows), counts[0].GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task Query_DefaultTable_PrintsFiftyAlignedRowsAndSaysHowManyMore()
    {
        var dataset = await DatasetAsync("parquet");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("query", $"SELECT id, length(text) AS chars FROM dataset('{dataset}') ORDER BY id");

        Assert.True(exit == 0, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = lines.Where(l => l.TrimStart().StartsWith("scifact-", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, rows.Count);
        Assert.StartsWith("scifact-0000", rows[0].TrimStart());
        // Aligned: every row's numeric column ends at the same place as its header.
        Assert.Single(lines.Where(l => l.Contains("chars", StringComparison.Ordinal)).Concat(rows).Select(l => l.Length).Distinct());
        Assert.Contains($"50 of {Input().Count} rows shown ({Input().Count - 50} more", stdout);
    }

    [Fact]
    public async Task Query_SameDatasetTwiceAndWordInAString_RewritesOnlyTheCalls()
    {
        var dataset = await DatasetAsync("parquet");

        var rows = await JsonRowsAsync($"""
            SELECT 'dataset(''nowhere'')' AS label, count(*) AS n -- dataset('commented-out')
            FROM dataset('{dataset}') a JOIN dataset('{dataset}') b USING (id)
            """);

        Assert.Equal("dataset('nowhere')", rows[0].GetProperty("label").GetString());
        Assert.Equal(Input().Count, rows[0].GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task Query_BadSql_ExitsOneWithOneLine()
    {
        var dataset = await DatasetAsync("parquet");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("query", $"SELEC count(*) FROM dataset('{dataset}')");
        var column = await CliSandbox.SluiceAsync("query", $"SELECT no_such_column FROM dataset('{dataset}')");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal("sluice: query failed: Parser Error: syntax error at or near \"SELEC\"", stderr.Trim());
        Assert.Equal(1, column.Exit);
        Assert.Contains("no_such_column", column.Err);
        Assert.Single(column.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Query_MissingDatasetOrNoManifest_ExitsOneNamingIt()
    {
        var missing = _box.File("nowhere");
        var unfinished = Directory.CreateDirectory(_box.File("unfinished")).FullName;
        File.WriteAllText(Path.Combine(unfinished, "part-u000000-a-0000.jsonl"), "{\"id\":\"x\"}\n");

        var gone = await CliSandbox.SluiceAsync("query", $"SELECT * FROM dataset('{missing}')");
        var bare = await CliSandbox.SluiceAsync("query", $"SELECT * FROM dataset('{unfinished}')");

        Assert.Equal(1, gone.Exit);
        Assert.Equal($"sluice: dataset '{missing}' does not exist", gone.Err.Trim());
        Assert.Equal(1, bare.Exit);
        Assert.Contains($"dataset '{unfinished}' has no _manifest.json", bare.Err);
        Assert.Single(bare.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Query_ArrowDataset_ReadsItsListedShardsThroughTheCStream()
    {
        var dataset = await DatasetAsync("arrow");
        var input = Input();
        File.Copy(Path.Combine(dataset, Manifest(dataset).Shards[0].Key), Path.Combine(dataset, "part-u999999-stray-0000.arrow"));

        var counts = await JsonRowsAsync($"SELECT count(*) AS n, count(DISTINCT id) AS ids FROM dataset('{dataset}')");
        var self = await JsonRowsAsync($"SELECT count(*) AS n FROM dataset('{dataset}') a JOIN dataset('{dataset}') b USING (id)");
        var one = await JsonRowsAsync($"SELECT text FROM dataset('{dataset}') WHERE id = '{input[1].Id}'");
        var tooBig = await CliSandbox.SluiceAsync("query", $"SELECT count(*) FROM dataset('{dataset}')", "--max-copy-mb", "0");

        Assert.Equal(input.Count, counts[0].GetProperty("n").GetInt64());
        Assert.Equal(input.Count, counts[0].GetProperty("ids").GetInt64());
        Assert.Equal(input.Count, self[0].GetProperty("n").GetInt64());
        Assert.Equal(input[1].Text, Assert.Single(one).GetProperty("text").GetString());
        Assert.Equal(1, tooBig.Exit);
        Assert.Contains("copies Arrow shards into memory and stops at 0.0 MB per query (--max-copy-mb)", tooBig.Err);
    }

    [Fact]
    public async Task Query_DatastoreArrowShards_EmbeddingsAreFloatArraysOfTheModelsDimension()
    {
        var input = _box.File("few.jsonl");
        File.WriteAllLines(input, File.ReadLines(CliSandbox.Abstracts).Take(6));
        var dataset = _box.File("datastore");
        var run = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "datastore.csx"), "--input", input, "--output", dataset);
        Assert.True(run.Exit == 0, run.Out + run.Err);

        var rows = await JsonRowsAsync($"""
            SELECT typeof(embedding) AS type, count(*) AS n, min(list_dot_product(embedding::FLOAT[], embedding::FLOAT[])) AS min_norm2,
                   max(list_dot_product(embedding::FLOAT[], embedding::FLOAT[])) AS max_norm2
            FROM dataset('{dataset}') GROUP BY ALL
            """);

        var row = Assert.Single(rows);
        Assert.Equal("FLOAT[384]", row.GetProperty("type").GetString());
        Assert.Equal(Manifest(dataset).Rows, row.GetProperty("n").GetInt64());
        // The datastore's vectors are normalized: squared norms of 1 show the floats arrived in order and whole.
        Assert.InRange(row.GetProperty("min_norm2").GetDouble(), 0.999, 1.001);
        Assert.InRange(row.GetProperty("max_norm2").GetDouble(), 0.999, 1.001);
    }

    [Theory]
    [InlineData("SELECT * FROM dataset(out)")]
    [InlineData("SELECT * FROM dataset('out'")]
    public async Task Query_DatasetWithoutOneQuotedUri_ExitsOne(string sql)
    {
        var (exit, _, stderr) = await CliSandbox.SluiceAsync("query", sql);

        Assert.Equal(1, exit);
        Assert.Contains("dataset() at character 15 takes one URI in single quotes", stderr);
    }

    [Fact]
    public async Task Query_NoSqlOrUnknownOption_ExitsTwo()
    {
        Assert.Equal(2, (await CliSandbox.SluiceAsync("query")).Exit);
        Assert.Equal(2, (await CliSandbox.SluiceAsync("query", "SELECT 1", "--limt", "3")).Exit);
        Assert.Equal(2, (await CliSandbox.SluiceAsync("query", "SELECT 1", "--limit", "-1")).Exit);
    }
}
