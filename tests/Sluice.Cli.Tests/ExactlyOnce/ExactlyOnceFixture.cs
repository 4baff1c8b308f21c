using Amazon.S3;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>
/// What the exactly-once integration tests share: the repository root, a built <c>build/bin/sluice</c> (built with
/// <c>make build</c> when missing), the shared S3 server fixture, and one clean reference run.
/// </summary>
public sealed class ExactlyOnceFixture : IAsyncLifetime
{
    private readonly S3ServerFixture _s3 = new();
    private readonly SemaphoreSlim _referenceLock = new(1, 1);
    private IReadOnlyDictionary<string, string>? _reference;

    public string Root { get; } = RepoPaths.Root;

    /// <summary><c>build/bin/sluice</c>, or the CLI named by <c>SLUICE_EO_CLI</c> (a private build while build/bin is being rebuilt).</summary>
    public string Sluice => Environment.GetEnvironmentVariable("SLUICE_EO_CLI") is { Length: > 0 } cli ? cli : Path.Combine(Root, "build", "bin", "sluice");

    public string Script => Path.Combine(Root, "tests", "Sluice.Cli.Tests", "ExactlyOnce", "Scripts", "eo-jsonl.csx");

    public string OtherScript => Path.Combine(Root, "tests", "Sluice.Cli.Tests", "ExactlyOnce", "Scripts", "eo-other.csx");

    public string Input => Path.Combine(Root, "examples", "data", "scifact-abstracts.jsonl");

    /// <summary>S3 variables for child processes (endpoint and the server's test keys).</summary>
    public IReadOnlyDictionary<string, string> S3Env => _s3.Environment;

    public S3Settings Settings => _s3.Settings;

    public AmazonS3Client Client => _s3.Client;

    /// <summary>A scratch folder, removed on dispose.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("sluice-eo-").FullName;

    public async Task InitializeAsync()
    {
        await EnsureBuiltAsync();
        await _s3.InitializeAsync();
    }

    /// <summary>Creates an empty bucket with a unique name; emptied and removed on dispose.</summary>
    public Task<string> CreateBucketAsync(string label) => _s3.CreateBucketAsync("eo-" + label);

    /// <summary>Records (id → content hash) of one uninterrupted single-rank local run of the test script.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReferenceAsync()
    {
        await _referenceLock.WaitAsync();
        try
        {
            if (_reference is not null) return _reference;
            var dir = Path.Combine(Scratch, "reference");
            var run = await SluiceRun.RunAsync(this, ["--input", Input, "--output", Path.Combine(dir, "out"), "--run", Path.Combine(dir, "run")]);
            Assert.True(run.ExitCode == 0, run.Describe());
            var records = await Datasets.ReadAsync(Path.Combine(dir, "out"));
            Assert.Equal(182, records.Count);
            _reference = Datasets.ById(records);
            return _reference;
        }
        finally
        {
            _referenceLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { }
    }

    private async Task EnsureBuiltAsync()
    {
        if (File.Exists(Sluice)) return;
        await ChildProcess.RunAsync("make", ["build"], TimeSpan.FromMinutes(10));
        if (!File.Exists(Sluice)) throw new InvalidOperationException($"make build did not produce {Sluice}");
    }
}

/// <summary>One fixture for every exactly-once test class; they run one after another (they time child processes).</summary>
[CollectionDefinition(Name)]
public sealed class ExactlyOnceCollection : ICollectionFixture<ExactlyOnceFixture>
{
    public const string Name = "exactly-once";
}
