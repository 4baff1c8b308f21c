using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>A run whose every S3 request goes through <see cref="FaultInjectingS3Proxy"/> completes with the clean output.</summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class S3FaultTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    [Fact]
    public async Task A_run_through_503s_resets_and_delays_completes_with_the_clean_output()
    {
        var seed = Environment.GetEnvironmentVariable("SLUICE_EO_SEED") is { Length: > 0 } s ? int.Parse(s) : Random.Shared.Next();
        log.WriteLine($"seed {seed} (rerun with SLUICE_EO_SEED={seed})");
        var reference = await fx.ReferenceAsync();
        var bucket = await fx.CreateBucketAsync("faults");
        var (runUri, outUri) = ($"s3://{bucket}/runs/x", $"s3://{bucket}/out");
        await using var proxy = new FaultInjectingS3Proxy(fx.S3Env["SLUICE_S3_ENDPOINT"], seed);

        var run = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--run", runUri, "--output", outUri],
            env: new Dictionary<string, string> { ["SLUICE_S3_ENDPOINT"] = proxy.Endpoint }, timeout: TimeSpan.FromMinutes(3));
        log.WriteLine($"proxy: {proxy}");
        log.WriteLine(run.Stdout);
        log.WriteLine(run.Stderr);
        log.WriteLine("commits-invalid: " + string.Join(", ", await Datasets.ListAsync(runUri, "commits-invalid/")));
        Assert.True(run.ExitCode == 0, $"seed {seed}, proxy {proxy}:\n{run.Describe()}");
        Assert.True(proxy.Requests >= 60, $"only {proxy.Requests} requests went through the proxy");
        Assert.True(proxy.Faults >= 0.10 * proxy.Requests, $"too few faults injected: {proxy}");

        // Read back directly from the server, not through the proxy.
        var manifest = await Datasets.ManifestAsync(outUri);
        var planned = (await Datasets.RunManifestAsync(runUri)).Units.Count;
        Datasets.AssertManifestMatchesCommits(manifest, await Datasets.CommitsAsync(runUri), planned);
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(outUri), $"seed {seed}");
    }
}
