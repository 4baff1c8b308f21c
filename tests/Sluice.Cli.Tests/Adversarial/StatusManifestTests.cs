using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// Case 6 of issue 11: a run killed after its last commit and before its dataset manifest is not "100% done":
/// <c>sluice status</c> says, per output, that the manifest is missing (or out of date) and a rerun finishes it.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class StatusManifestTests : IDisposable
{
    private sealed record Line(string Id, string Text);

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-status-").FullName;

    public StatusManifestTests() =>
        File.WriteAllLines(P("in.jsonl"), Enumerable.Range(0, 40).Select(i => $$"""{"id":"l{{i}}","text":"line {{i}}"}"""));

    private string P(string name) => Path.Combine(_dir, name);

    private Pipeline Build() =>
        Pipeline.Create("status-manifest")
            .ReadJsonl<Line>(P("in.jsonl"), new Pipelines.Sources.JsonlSourceOptions { MaxUnitBytes = 300 })
            .WriteJsonl(P("out"), name: "lines")
            .Build();

    private async Task RunAsync()
    {
        var result = await PipelineRunner.RunAsync(Build(), new RunOptions { RunUri = P("run") });
        Assert.Equal(RunStatus.Completed, result.Status);
    }

    private async Task<string> StatusAsync()
    {
        var (@out, err) = (new StringWriter(), new StringWriter());
        var code = await Program.RunAsync(["status", P("run")], @out, err, CancellationToken.None);
        Assert.True(code == 0, err.ToString());
        return @out.ToString();
    }

    [Fact]
    public async Task Status_AllCommittedButNoManifest_SaysManifestMissingRerunToFinish()
    {
        await RunAsync();
        File.Delete(Path.Combine(P("out"), DatasetManifest.FileName));

        var status = await StatusAsync();

        Assert.Contains("manifest missing — rerun to finish", status);
        Assert.Contains($"output lines {P("out")}: manifest missing — rerun to finish", status);
        Assert.DoesNotContain("100% done", status);

        await RunAsync();
        status = await StatusAsync();
        Assert.Contains("(100% done)", status);
        Assert.Contains($"output lines {P("out")}: manifest written", status);
    }

    [Fact]
    public async Task Status_AllCommittedButAnOlderManifest_SaysOutOfDate()
    {
        await RunAsync();
        var path = Path.Combine(P("out"), DatasetManifest.FileName);
        var manifest = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllBytes(path), SluiceJson.Options)!;
        var older = manifest with { Shards = manifest.Shards.Skip(1).ToArray(), Rows = manifest.Shards.Skip(1).Sum(s => s.Rows), Bytes = manifest.Shards.Skip(1).Sum(s => s.Bytes) };
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(older, SluiceJson.Options));

        var status = await StatusAsync();

        Assert.Contains("manifest out of date — rerun to finish", status);
        Assert.DoesNotContain("100% done", status);
    }

    [Fact]
    public async Task Status_Json_ReportsEachOutputsManifest()
    {
        await RunAsync();
        File.Delete(Path.Combine(P("out"), DatasetManifest.FileName));
        var @out = new StringWriter();

        Assert.Equal(0, await Program.RunAsync(["status", P("run"), "--json"], @out, new StringWriter(), CancellationToken.None));

        using var json = JsonDocument.Parse(@out.ToString());
        var output = Assert.Single(json.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal("lines", output.GetProperty("sink").GetString());
        Assert.Equal("manifest missing — rerun to finish", output.GetProperty("state").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
