using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>
/// What the exactly-once integration tests share: the repository root, a built <c>build/bin/sluice</c> (built with
/// <c>make build</c> when missing), a running S3 server (found like the storage tests' fixture: <c>SLUICE_S3_ENDPOINT</c>,
/// else <c>.services/s3.env</c>, else started with <c>scripts/services/s3-up.sh</c>), and one clean reference run.
/// </summary>
public sealed class ExactlyOnceFixture : IAsyncLifetime
{
    private readonly List<string> _buckets = [];
    private readonly SemaphoreSlim _referenceLock = new(1, 1);
    private IReadOnlyDictionary<string, string>? _reference;

    public string Root { get; } = RepoRoot();

    /// <summary><c>build/bin/sluice</c>, or the CLI named by <c>SLUICE_EO_CLI</c> (a private build while build/bin is being rebuilt).</summary>
    public string Sluice => Environment.GetEnvironmentVariable("SLUICE_EO_CLI") is { Length: > 0 } cli ? cli : Path.Combine(Root, "build", "bin", "sluice");

    public string Script => Path.Combine(Root, "tests", "Sluice.Cli.Tests", "ExactlyOnce", "Scripts", "eo-jsonl.csx");

    public string OtherScript => Path.Combine(Root, "tests", "Sluice.Cli.Tests", "ExactlyOnce", "Scripts", "eo-other.csx");

    public string Input => Path.Combine(Root, "examples", "data", "scifact-abstracts.jsonl");

    /// <summary>S3 variables for child processes (endpoint and the server's test keys).</summary>
    public Dictionary<string, string> S3Env { get; private set; } = [];

    public S3Settings Settings { get; private set; } = new();

    public AmazonS3Client Client { get; private set; } = null!;

    /// <summary>A scratch folder, removed on dispose.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("sluice-eo-").FullName;

    public async Task InitializeAsync()
    {
        await EnsureBuiltAsync();
        if (Environment.GetEnvironmentVariable("SLUICE_S3_ENDPOINT") is { Length: > 0 } endpoint && await AnswersAsync(endpoint))
        {
            foreach (var name in new[] { "SLUICE_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION" })
                if (Environment.GetEnvironmentVariable(name) is { } v) S3Env[name] = v;
        }
        else
        {
            var envFile = Path.Combine(Root, ".services", "s3.env");
            if (!File.Exists(envFile) || !await AnswersAsync(ReadEnv(envFile)["SLUICE_S3_ENDPOINT"]))
                await RunAsync("bash", [Path.Combine(Root, "scripts", "services", "s3-up.sh")], TimeSpan.FromMinutes(10));
            // The local server only knows its own test keys, so they replace whatever the environment held.
            foreach (var (name, value) in ReadEnv(envFile))
            {
                Environment.SetEnvironmentVariable(name, value);
                S3Env[name] = value;
            }
        }
        Settings = S3Settings.FromEnvironment();
        Client = Settings.CreateClient();
    }

    /// <summary>Creates an empty bucket with a unique name; emptied and removed on dispose.</summary>
    public async Task<string> CreateBucketAsync(string label)
    {
        var name = $"eo-{label.ToLowerInvariant()}-{Guid.NewGuid():N}"[..Math.Min(63, label.Length + 3 + 1 + 12)];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        lock (_buckets) _buckets.Add(name);
        return name;
    }

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
        foreach (var bucket in _buckets)
        {
            try
            {
                using var store = new S3ObjectStore(bucket, "", Settings, Client);
                await foreach (var o in store.ListAsync("")) await store.DeleteAsync(o.Key);
                await Client.DeleteBucketAsync(bucket);
            }
            catch (Exception e) when (e is AmazonS3Exception or IOException) { /* leftovers are harmless on a throw-away server */ }
        }
        Client?.Dispose();
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { }
    }

    /// <summary>The folder holding Pipelines.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }

    private async Task EnsureBuiltAsync()
    {
        if (File.Exists(Sluice)) return;
        await RunAsync("make", ["build"], TimeSpan.FromMinutes(10));
        if (!File.Exists(Sluice)) throw new InvalidOperationException($"make build did not produce {Sluice}");
    }

    private async Task RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal) && l.Contains('='))
            .Select(l => l[7..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('"', '\''));

    private static async Task<bool> AnswersAsync(string endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(endpoint);
            return (int)response.StatusCode < 500;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

/// <summary>One fixture for every exactly-once test class; they run one after another (they time child processes).</summary>
[CollectionDefinition(Name)]
public sealed class ExactlyOnceCollection : ICollectionFixture<ExactlyOnceFixture>
{
    public const string Name = "exactly-once";
}
