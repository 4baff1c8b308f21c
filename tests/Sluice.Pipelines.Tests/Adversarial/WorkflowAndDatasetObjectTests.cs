using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Case 3 of issue 11 for the other objects read back: <c>workflow.json</c>, stage markers and dataset manifests with a
/// missing or invalid field are refused with an error naming the object's full URI and the field.
/// </summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Adversarial")]
public sealed class WorkflowAndDatasetObjectTests(S3ServerFixture s3) : IDisposable
{
    private readonly TempDir _dir = new();

    public static TheoryData<string, string, string> WorkflowManifests() => new()
    {
        { "local", "{}", "workflow" },
        { "local", """{"workflow":"wf","stages":[{"name":"../x","kind":"step"}],"parameters":{},"created":"2026-01-01T00:00:00Z"}""", "stages[0].name" },
        { "local", """{"workflow":"wf","stages":[null],"parameters":{},"created":"2026-01-01T00:00:00Z"}""", "stages[0]" },
        { "s3", """{"workflow":"wf","stages":[{"name":"count","kind":"other"}],"parameters":{},"created":"2026-01-01T00:00:00Z"}""", "stages[0].kind" },
        { "s3", """{"workflow":"wf","stages":[],"created":"2026-01-01T00:00:00Z"}""", "parameters" },
    };

    public static TheoryData<string, string, string> Markers() => new()
    {
        { "local", "{}", "stage" },
        { "local", """{"stage":"other","rank":0,"host":"h","pid":1,"completed":"2026-01-01T00:00:00Z"}""", "stage" },
        { "s3", """{"stage":"count","rank":-1,"host":"h","pid":1,"completed":"2026-01-01T00:00:00Z"}""", "rank" },
        { "s3", """{"stage":"count"}""", "rank" },
    };

    public static TheoryData<string, string> DatasetManifests() => new()
    {
        { """{"pipeline":"p","format":"jsonl"}""", "rows" },
        { """{"pipeline":"p","format":"jsonl","rows":1,"bytes":1,"shards":[{"key":"../../etc/hostname","rows":1,"bytes":1,"unit":"u000000"}],"metadata":null,"created":"2026-01-01T00:00:00Z"}""", "shards[0].key" },
        { """{"pipeline":"p","format":"jsonl","rows":5,"bytes":1,"shards":[{"key":"a.jsonl","rows":1,"bytes":1,"unit":"u000000"}],"metadata":null,"created":"2026-01-01T00:00:00Z"}""", "rows" },
        { """{"pipeline":"p","format":"jsonl","rows":0,"bytes":0,"shards":[null],"metadata":null,"created":"2026-01-01T00:00:00Z"}""", "shards[0]" },
    };

    [Theory]
    [MemberData(nameof(WorkflowManifests))]
    public async Task ReadManifestAsync_BrokenWorkflowJson_FailsNamingTheObjectAndField(string where, string json, string field)
    {
        using var run = await OpenAsync(where);
        await run.PutAsync("workflow.json", Runs.Utf8(json));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => WorkflowFolder.ReadManifestAsync(run, CancellationToken.None));

        Assert.Contains(ObjectStores.Join(run.RootUri, "workflow.json"), e.Message);
        Assert.Contains($"'{field}'", e.Message);
    }

    [Theory]
    [MemberData(nameof(Markers))]
    public async Task IsCompleteAsync_BrokenStageMarker_FailsNamingTheObjectAndField(string where, string json, string field)
    {
        using var run = await OpenAsync(where);
        var step = Workflow.Create("wf").Step("count", _ => Task.CompletedTask).Stages[0];
        await run.PutAsync("stages/count/_done.json", Runs.Utf8(json));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => WorkflowFolder.IsCompleteAsync(run, step, CancellationToken.None));

        Assert.Contains(ObjectStores.Join(run.RootUri, "stages/count/_done.json"), e.Message);
        Assert.Contains($"'{field}'", e.Message);
    }

    [Theory]
    [MemberData(nameof(DatasetManifests))]
    public async Task DatasetReader_BrokenManifest_FailsNamingTheObjectAndFieldAndReadsNothing(string json, string field)
    {
        var dataset = _dir.File("dataset");
        Directory.CreateDirectory(dataset);
        await File.WriteAllTextAsync(Path.Combine(dataset, "_manifest.json"), json);

        var e = await Assert.ThrowsAsync<InvalidDataException>(async () => { await foreach (var _ in DatasetReader.ReadAsync<Row>(dataset)) { } });

        Assert.Contains(ObjectStores.Join(new FileObjectStore(dataset).RootUri, "_manifest.json"), e.Message);
        Assert.Contains($"'{field}'", e.Message);
    }

    private async Task<IObjectStore> OpenAsync(string where) =>
        where == "local" ? new FileObjectStore(_dir.File("run")) : ObjectStores.Open($"s3://{await s3.CreateBucketAsync("wf")}/run");

    public void Dispose() => _dir.Dispose();
}
