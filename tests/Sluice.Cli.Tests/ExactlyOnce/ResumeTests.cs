using Xunit.Abstractions;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>Resume over damaged outputs, and a resume never touching committed outputs.</summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ResumeTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    private string[] Args(string dir, params string[] more) =>
        ["--input", fx.Input, "--run", Path.Combine(dir, "run"), "--output", Path.Combine(dir, "out"), .. more];

    [Fact]
    public async Task A_deleted_shard_reruns_its_unit_and_verify_catches_a_same_size_corruption()
    {
        var reference = await fx.ReferenceAsync();
        var dir = Path.Combine(fx.Scratch, "damage");
        string run = Path.Combine(dir, "run"), output = Path.Combine(dir, "out");
        var first = await SluiceRun.RunAsync(fx, Args(dir));
        Assert.True(first.ExitCode == 0, first.Describe());
        var units = (await Datasets.RunManifestAsync(run)).Units.Count;

        // 1. A committed shard disappears: the resume notices, moves the commit aside and runs that unit again.
        var victim = (await Datasets.CommitsAsync(run)).Single(c => c.Unit == "u000005");
        var lostKey = victim.Outputs.Values.Single().Single().Key;
        File.Delete(Path.Combine(output, lostKey));
        var resumed = await SluiceRun.RunAsync(fx, Args(dir));
        Assert.True(resumed.ExitCode == 0, resumed.Describe());
        Assert.Contains($"unit u000005: output {lostKey} is missing", resumed.Stderr);
        var redone = (await Datasets.CommitsAsync(run)).Single(c => c.Unit == "u000005");
        Assert.NotEqual(victim.Attempt, redone.Attempt);
        Assert.True(File.Exists(Path.Combine(run, "commits-invalid", $"u000005-{victim.Attempt}.json")));
        Datasets.AssertManifestMatchesCommits(await Datasets.ManifestAsync(output), await Datasets.CommitsAsync(run), units);
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(output), "after a deleted shard");

        // 2. A byte flipped in a committed shard (same size): only --verify sees it.
        var corrupt = (await Datasets.CommitsAsync(run)).Single(c => c.Unit == "u000009");
        var key = corrupt.Outputs.Values.Single().Single().Key;
        var path = Path.Combine(output, key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var plain = await SluiceRun.RunAsync(fx, Args(dir));
        Assert.True(plain.ExitCode == 0, plain.Describe());
        Assert.Equal(corrupt.Attempt, (await Datasets.CommitsAsync(run)).Single(c => c.Unit == "u000009").Attempt); // size-only check: not caught

        var verified = await SluiceRun.RunAsync(fx, Args(dir, "--verify"));
        Assert.True(verified.ExitCode == 0, verified.Describe());
        Assert.Contains($"unit u000009: output {key} has checksum", verified.Stderr);
        Assert.NotEqual(corrupt.Attempt, (await Datasets.CommitsAsync(run)).Single(c => c.Unit == "u000009").Attempt);
        Datasets.AssertManifestMatchesCommits(await Datasets.ManifestAsync(output), await Datasets.CommitsAsync(run), units);
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(output), "after --verify");
        log.WriteLine("deleted shard -> unit rerun; flipped byte -> kept without --verify, rerun with --verify");
    }

    [Fact]
    public async Task A_resume_after_a_stop_keeps_every_committed_shard_byte_for_byte()
    {
        var reference = await fx.ReferenceAsync();
        var dir = Path.Combine(fx.Scratch, "keep");
        string run = Path.Combine(dir, "run"), output = Path.Combine(dir, "out");
        string[] args = Args(dir, "--delay-ms", "30");

        // Stop (SIGTERM) a run once a few units are committed.
        using (var first = SluiceRun.Start(fx, args))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!first.HasExited && DateTime.UtcNow < deadline
                   && (!Directory.Exists(Path.Combine(run, "commits")) || Directory.GetFiles(Path.Combine(run, "commits")).Length < 5))
                await Task.Delay(50);
            first.Terminate();
            var code = await first.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(code is 130 or 0, first.Describe());
            log.WriteLine($"first run stopped with exit {code}");
        }
        var before = await ChecksumsAsync(run, output);
        Assert.NotEmpty(before);

        var resumed = await SluiceRun.RunAsync(fx, args);
        Assert.True(resumed.ExitCode == 0, resumed.Describe());
        var after = await ChecksumsAsync(run, output);
        foreach (var (key, sha) in before)
            Assert.True(after.TryGetValue(key, out var now) && now == sha, $"committed shard {key} was changed or deleted by the resume");

        // A resume of a completed run changes nothing either.
        var again = await SluiceRun.RunAsync(fx, args);
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.Equal(after, await ChecksumsAsync(run, output));
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(output), "after resumes");
        log.WriteLine($"{before.Count} shards committed before the resume kept their bytes; {after.Count} in the end");
    }

    /// <summary>SHA-256 of every committed shard, read from the files (not from the commit records).</summary>
    private static async Task<Dictionary<string, string>> ChecksumsAsync(string run, string output)
    {
        var sums = new Dictionary<string, string>();
        foreach (var c in await Datasets.CommitsAsync(run))
            foreach (var o in c.Outputs.Values.SelectMany(v => v))
            {
                sums[o.Key] = Datasets.Sha(await File.ReadAllBytesAsync(Path.Combine(output, o.Key)));
                Assert.Equal(o.Sha256, sums[o.Key]);
            }
        return sums;
    }
}
