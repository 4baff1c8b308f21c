using Sluice.Cli.Commands;
using Sluice.Cli.Launch;
using Sluice.Cli.Tests.Commands;
using Sluice.Cli.Tests.ExactlyOnce;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// A parameter whose name says secret (key, secret, token, password, credential) and the user-info of a URL value
/// never appear in clear in any file under the run folder, the output or what <c>sluice launch</c> writes, nor in
/// what the command prints; a resume still tells a changed secret apart.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class SecretParameterAdversarialTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>, IDisposable
{
    private const string Key = "sk-SECRET123";
    private const string Endpoint = "http://u:pass@127.0.0.1:1/";
    private static readonly string[] Leaks = ["SECRET123", "pass@"];
    private readonly CliSandbox _box = new();

    // Keeps every record only when both secrets reached the script intact, so a run proves they were passed.
    private string Script() => _box.Script("secret.csx", $$"""
        var input = Param("input", @"{{CliSandbox.Abstracts}}");
        var apiKey = Param("api-key", "");
        var endpoint = Param("endpoint", "http://localhost:1/");
        var token = Param("hf-token", "none");
        return Pipeline.Create("secret-holder").ReadJsonl<Document>(input)
            .Where(d => apiKey == "{{Key}}" && endpoint == "{{Endpoint}}", "the secrets did not arrive")
            .WriteJsonl(Output("out/secret")).Build();
        """);

    private static void AssertNoLeak(string what, string text)
    {
        foreach (var leak in Leaks) Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{what} holds '{leak}'");
    }

    private static void AssertNoLeakUnder(string folder)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files) AssertNoLeak(file, File.ReadAllText(file));
    }

    private static async Task<int> CountRecordsAsync(string output) => (await Datasets.ReadAsync(output)).Count;

    [Fact]
    public async Task Run_SecretsOnTheCommandLine_NoFileOrOutputHoldsThem_AndAChangedOneIsRefused()
    {
        var run = _box.File("run");
        var output = _box.File("out");
        var script = Script();
        var first = await SluiceProcess.RunAsync(_box.Path, ["run", script, "--api-key", Key, "--endpoint", Endpoint, "--hf-token", "hf_SECRET123", "--run", run, "--output", output]);
        Assert.True(first.Exit == 0, first.Out + first.Err);
        Assert.Equal(182, await CountRecordsAsync(output));
        AssertNoLeak("stdout", first.Out);
        AssertNoLeak("stderr", first.Err);
        AssertNoLeakUnder(run);
        AssertNoLeakUnder(output);

        var same = await SluiceProcess.RunAsync(_box.Path, ["run", script, "--api-key", Key, "--endpoint", Endpoint, "--hf-token", "hf_SECRET123", "--run", run, "--output", output]);
        Assert.True(same.Exit == 0, same.Out + same.Err);

        var other = await SluiceProcess.RunAsync(_box.Path, ["run", script, "--api-key", "sk-SECRET124", "--endpoint", "http://u:passX@127.0.0.1:1/", "--hf-token", "hf_SECRET123", "--run", run, "--output", output]);
        Assert.Equal(1, other.Exit);
        Assert.Contains("--api-key", other.Err);
        Assert.Contains("--endpoint", other.Err);
        Assert.DoesNotContain("--hf-token", other.Err);
        AssertNoLeak("stderr of a refused resume", other.Err);
        AssertNoLeak("stdout of a refused resume", other.Out);
    }

    [Fact]
    public async Task Run_SecretsFromTheEnvironment_ReachTheScript_AndNoFileHoldsThem()
    {
        var run = _box.File("run");
        var output = _box.File("out");
        var env = new Dictionary<string, string> { ["SLUICE_PARAM_API_KEY"] = Key, ["SLUICE_PARAM_ENDPOINT"] = Endpoint };
        var result = await SluiceProcess.RunAsync(_box.Path, ["run", Script(), "--run", run, "--output", output], env);
        Assert.True(result.Exit == 0, result.Out + result.Err);
        Assert.Equal(182, await CountRecordsAsync(output));
        AssertNoLeakUnder(run);
        AssertNoLeakUnder(output);
    }

    [Fact]
    public async Task Run_OnS3_NoObjectHoldsTheSecrets()
    {
        var bucket = await s3.CreateBucketAsync("secrets");
        var result = await SluiceProcess.RunAsync(_box.Path,
            ["run", Script(), "--api-key", Key, "--endpoint", Endpoint, "--run", $"s3://{bucket}/run", "--output", $"s3://{bucket}/out"], s3.Environment);
        Assert.True(result.Exit == 0, result.Out + result.Err);
        using var store = new S3ObjectStore(bucket, "", s3.Settings, s3.Client);
        var keys = 0;
        await foreach (var o in store.ListAsync(""))
        {
            keys++;
            await using var stream = await store.OpenReadAsync(o.Key);
            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            var text = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
            // Shards are gzip-free JSONL here, so a clear value would show.
            AssertNoLeak(o.Key, text);
        }
        Assert.True(keys > 2);
    }

    [Theory]
    [InlineData("slurm")]
    [InlineData("aws-batch")]
    [InlineData("k8s")]
    public async Task Launch_Secrets_NoJobFileOrPrintedCommandHoldsThem_SlurmPassesThemInSbatchEnvironment(string backend)
    {
        var launchDir = _box.File("launch");
        var environments = new List<IReadOnlyDictionary<string, string>>();
        var arguments = new List<string>();
        SlurmLauncher.CommandRunner sbatch = (argv, environment, _) =>
        {
            arguments.AddRange(argv);
            environments.Add(environment);
            return Task.FromResult((0, $"{100 + environments.Count}\n", ""));
        };
        var run = backend == "slurm" ? _box.File("run") : "s3://bucket/run";
        string[] extra = backend == "slurm" ? [] : ["--image", "sluice:test"];
        var args = LaunchArguments.Parse([backend, Script(), "--world-size", "2", "--run", run, "--launch-dir", launchDir,
            "--api-key", Key, "--endpoint=" + Endpoint, "--output", _box.File("out"), .. extra]);
        var @out = new StringWriter();
        var err = new StringWriter();

        var code = await LaunchCommand.RunAsync(args, @out, err, sbatch, CancellationToken.None);

        Assert.True(code == 0, @out.ToString() + err);
        AssertNoLeak("launch output", @out.ToString() + err);
        AssertNoLeakUnder(launchDir);
        var files = string.Concat(Directory.GetFiles(launchDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("SLUICE_PARAM_API_KEY", files);
        Assert.Contains("SLUICE_PARAM_ENDPOINT", files);
        if (backend != "slurm") return;
        AssertNoLeak("sbatch arguments", string.Join(' ', arguments));
        var environment = Assert.Single(environments);
        Assert.Equal(Key, environment["SLUICE_PARAM_API_KEY"]);
        Assert.Equal(Endpoint, environment["SLUICE_PARAM_ENDPOINT"]);
    }

    public void Dispose() => _box.Dispose();
}
