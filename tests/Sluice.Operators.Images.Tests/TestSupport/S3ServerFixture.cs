using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>
/// A running S3 server for integration tests: the endpoint in <c>SLUICE_S3_ENDPOINT</c>, else the one in
/// <c>.services/s3.env</c>, else one started with <c>scripts/services/s3-up.sh</c>.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private readonly List<string> _buckets = [];

    /// <summary>Settings for the server; credentials are in the process environment for the SDK chain.</summary>
    public S3Settings Settings { get; private set; } = new();

    /// <summary>A client for test set-up and inspection.</summary>
    public AmazonS3Client Client { get; private set; } = null!;

    /// <summary>The secret key the server was started with (for tests that check it never leaks).</summary>
    public string SecretKey => Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("SLUICE_S3_ENDPOINT") is not { Length: > 0 } endpoint || !await AnswersAsync(endpoint))
        {
            var root = RepoRoot();
            var envFile = Path.Combine(root, ".services", "s3.env");
            if (!File.Exists(envFile) || !await AnswersAsync(ReadEnv(envFile)["SLUICE_S3_ENDPOINT"]))
                await RunS3UpAsync(root);
            // The local server only knows its own test keys, so they replace whatever the environment held.
            foreach (var (name, value) in ReadEnv(envFile)) Environment.SetEnvironmentVariable(name, value);
        }
        Settings = S3Settings.FromEnvironment();
        Client = Settings.CreateClient();
    }

    /// <summary>Creates an empty bucket with a unique name starting with <paramref name="label"/>; removed on dispose.</summary>
    public async Task<string> CreateBucketAsync(string label)
    {
        var name = $"t-{label.ToLowerInvariant()}-{Guid.NewGuid():N}"[..Math.Min(63, label.Length + 2 + 1 + 12)];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        lock (_buckets) _buckets.Add(name);
        return name;
    }

    public async Task DisposeAsync()
    {
        // Memstore holds objects in RAM: empty the test buckets so a long-lived server does not grow.
        foreach (var bucket in _buckets)
        {
            try
            {
                using var store = new S3ObjectStore(bucket, "", Settings, Client);
                await foreach (var o in store.ListAsync("")) await store.DeleteAsync(o.Key);
                await Client.DeleteBucketAsync(bucket);
            }
            catch (AmazonS3Exception) { /* leftovers are harmless on a throw-away server */ }
        }
        Client?.Dispose();
    }

    /// <summary>The folder holding Pipelines.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
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

    private static async Task RunS3UpAsync(string root)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "services", "s3-up.sh")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a fresh install included
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"s3-up.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}

/// <summary>Shares one <see cref="S3ServerFixture"/> between the S3 test classes.</summary>
[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "s3";
}
