using System.Text;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// A small exactly-once run (100 rows in several byte-range units, gzip JSONL shards) whose run folder and output lie
/// on local disk or on the real S3 server, and the means to tamper with what it leaves behind.
/// </summary>
public sealed class HostileRun : IDisposable
{
    public const int Rows = 100;
    public const string Sink = "out";

    private readonly TempDir _dir = new();
    private readonly string? _localRoot;

    private HostileRun(string runUri, string outputUri, string? localRoot)
    {
        _localRoot = localRoot;
        Input = _dir.File("in.jsonl");
        Runs.WriteJsonl(Input, Enumerable.Range(0, Rows).Select(Row.Make));
        RunUri = runUri;
        OutputUri = outputUri;
        RunFolder = ObjectStores.Open(runUri);
        Output = ObjectStores.Open(outputUri);
    }

    /// <summary>A run folder and output on <paramref name="where"/>: <c>local</c> or <c>s3</c> (a new bucket).</summary>
    public static async Task<HostileRun> CreateAsync(string where, S3ServerFixture s3)
    {
        if (where == "local")
        {
            var dir = Path.Combine(Path.GetTempPath(), "sluice-hostile-" + Guid.NewGuid().ToString("N")[..10]);
            return new HostileRun(Path.Combine(dir, "run"), Path.Combine(dir, "out"), dir);
        }
        var bucket = await s3.CreateBucketAsync("hostile");
        return new HostileRun($"s3://{bucket}/run", $"s3://{bucket}/out", null);
    }

    public string Input { get; }
    public string RunUri { get; }
    public string OutputUri { get; }
    public IObjectStore RunFolder { get; }
    public IObjectStore Output { get; }

    /// <summary>The full URI of a run-folder key, as error messages name it.</summary>
    public string UriOf(string key) => ObjectStores.Join(RunFolder.RootUri, key);

    public Pipeline Build() =>
        Pipeline.Create("hostile", new PipelineOptions { BatchSize = 10 })
            .ReadJsonl<Row>(Input, new JsonlSourceOptions { MaxUnitBytes = 1200 })
            .WriteJsonl(OutputUri, name: Sink)
            .Build();

    public Task<RunResult> RunAsync(TextWriter? log = null) => Runs.RunAsync(Build(), new RunOptions { RunUri = RunUri, Log = log });

    /// <summary>Runs to completion and checks the run left every row once.</summary>
    public async Task CompleteAsync()
    {
        var result = await RunAsync();
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(result.UnitsPlanned >= 3, $"only {result.UnitsPlanned} units planned");
        await AssertEveryRowOnceAsync();
    }

    public async Task AssertEveryRowOnceAsync()
    {
        var ids = new List<string>();
        await foreach (var row in DatasetReader.ReadAsync<Row>(OutputUri)) ids.Add(row.Id);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => Row.Make(i).Id), ids);
    }

    public Task PutAsync(IObjectStore store, string key, string text) => store.PutAsync(key, Encoding.UTF8.GetBytes(text));

    public async Task<string> GetAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    public async Task<UnitCommit> CommitAsync(string unit) =>
        JsonSerializer.Deserialize<UnitCommit>(await GetAsync(RunFolder, $"commits/{unit}.json"), SluiceJson.Options)!;

    public Task PutCommitAsync(string key, UnitCommit commit) => PutAsync(RunFolder, key, JsonSerializer.Serialize(commit, SluiceJson.Options));

    /// <summary>The dataset manifest as written, read without any of Sluice's checks.</summary>
    public async Task<DatasetManifest> ManifestAsync() =>
        JsonSerializer.Deserialize<DatasetManifest>(await GetAsync(Output, DatasetManifest.FileName), SluiceJson.Options)!;

    /// <summary>Every key of a store with its size, to prove a refused run wrote, moved and deleted nothing.</summary>
    public static async Task<SortedDictionary<string, long>> SnapshotAsync(IObjectStore store)
    {
        var keys = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync("")) keys[info.Key] = info.Size;
        return keys;
    }

    public void Dispose()
    {
        RunFolder.Dispose();
        Output.Dispose();
        _dir.Dispose();
        if (_localRoot is not null && Directory.Exists(_localRoot)) Directory.Delete(_localRoot, recursive: true);
    }
}
