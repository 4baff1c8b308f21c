using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Commands;

/// <summary><c>sluice query</c> over a dataset a pipeline wrote to the real S3 server.</summary>
[Trait("Category", "Integration")]
public sealed class QueryCommandS3Tests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>, IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Query_S3Dataset_ReadsItsListedShards()
    {
        var bucket = await s3.CreateBucketAsync("query");
        var dataset = $"s3://{bucket}/out/abstracts";
        var run = await CliSandbox.SluiceAsync("run", _box.Script("copy.csx", QueryCommandTests.CopyScript), "--output", dataset,
            "--input", CliSandbox.Abstracts, "--format", "jsonl");
        Assert.True(run.Exit == 0, run.Out + run.Err);

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("query", $"SELECT count(*) AS n, min(id) AS first FROM dataset('{dataset}')", "--json");
        var tooBig = await CliSandbox.SluiceAsync("query", $"SELECT count(*) FROM dataset('{dataset}')", "--max-copy-mb", "0");

        Assert.True(exit == 0, stdout + stderr);
        var row = JsonDocument.Parse(stdout).RootElement;
        var input = QueryCommandTests.Input();
        Assert.Equal(input.Count, row.GetProperty("n").GetInt64());
        Assert.Equal(input.Select(d => d.Id).Min(StringComparer.Ordinal), row.GetProperty("first").GetString());
        Assert.Equal(1, tooBig.Exit);
        Assert.Contains("stops at 0.0 MB per query (--max-copy-mb)", tooBig.Err);
    }
}
