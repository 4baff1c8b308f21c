using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>Runs that must be refused, with a message that names the problem.</summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadInputTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    [Fact]
    public async Task A_run_folder_under_a_file_is_refused_naming_it()
    {
        var file = Path.Combine(fx.Scratch, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var runUri = Path.Combine(file, "run");
        var run = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--run", runUri, "--output", Path.Combine(fx.Scratch, "unwritable-out")]);
        log.WriteLine(run.Stderr);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("cannot write the run folder", run.Stderr);
        Assert.Contains(runUri, run.Stderr);
    }

    [Fact]
    public async Task A_missing_bucket_is_refused_naming_it()
    {
        var bucket = $"eo-missing-{Guid.NewGuid():N}"[..30];
        var run = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--run", $"s3://{bucket}/runs/x", "--output", $"s3://{bucket}/out"]);
        log.WriteLine(run.Stderr);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"bucket {bucket} does not exist", run.Stderr);
    }

    [Fact]
    public async Task Resuming_with_other_parameters_or_another_pipeline_is_refused_and_a_broken_commit_is_named()
    {
        var dir = Path.Combine(fx.Scratch, "mismatch");
        string runDir = Path.Combine(dir, "run"), output = Path.Combine(dir, "out");
        string[] Args(string delay) => ["--input", fx.Input, "--run", runDir, "--output", output, "--delay-ms", delay];
        var first = await SluiceRun.RunAsync(fx, Args("0"));
        Assert.True(first.ExitCode == 0, first.Describe());

        var otherParams = await SluiceRun.RunAsync(fx, Args("1"));
        log.WriteLine(otherParams.Stderr);
        Assert.Equal(1, otherParams.ExitCode);
        Assert.Contains("cannot resume the run at", otherParams.Stderr);
        Assert.Contains("parameter --delay-ms was '0', now '1'", otherParams.Stderr);

        var otherPipeline = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--run", runDir, "--output", output], script: fx.OtherScript);
        log.WriteLine(otherPipeline.Stderr);
        Assert.Equal(1, otherPipeline.ExitCode);
        Assert.Contains("it belongs to pipeline 'eo-jsonl', not 'eo-other'", otherPipeline.Stderr);

        // A commit object cut short (as a broken copy or a foreign tool might leave it) is named, not skipped silently.
        var commit = Path.Combine(runDir, "commits", "u000003.json");
        var text = await File.ReadAllTextAsync(commit);
        await File.WriteAllTextAsync(commit, text[..(text.Length / 2)]);
        var broken = await SluiceRun.RunAsync(fx, Args("0"));
        log.WriteLine(broken.Stderr);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("commits/u000003.json is unreadable", broken.Stderr);

        // None of the refused runs touched the committed outputs.
        var manifest = await Datasets.ManifestAsync(output);
        foreach (var shard in manifest.Shards)
            Assert.Equal(shard.Sha256, Datasets.Sha(await File.ReadAllBytesAsync(Path.Combine(output, shard.Key))));
    }
}
