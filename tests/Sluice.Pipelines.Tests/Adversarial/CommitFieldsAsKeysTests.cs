using Sluice.Pipelines.Contracts;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Case 2 of issue 11: ids and keys a commit holds are checked against their patterns (and output keys against the
/// sink's shard names) before any becomes or reaches a key; a hostile commit stops the run and nothing is written,
/// moved or deleted.
/// </summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Adversarial")]
public sealed class CommitFieldsAsKeysTests(S3ServerFixture s3)
{
    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var where in new[] { "local", "s3" })
            foreach (var attempt in new[] { "/../../run", "../../run", "0000000a/../../../run", "deadbeef\n", "DEADBEEF", "" })
                data.Add(where, attempt);
        return data;
    }

    public static TheoryData<string, string> OutputKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var where in new[] { "local", "s3" })
            foreach (var key in new[] { "../outside.jsonl.gz", "/etc/hostname", "user-notes.txt", "sub/part-u000000-0000000a-0000.jsonl.gz",
                         "part-u000000-0000000a-0000.jsonl.gz/../../run/run.json", "part-u000000-0000000A-0000.jsonl.gz", "part-u000000-0000000a-0000.parquet" })
                data.Add(where, key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Rerun_WithAnAttemptIdThatIsAPath_WritesMovesAndDeletesNothing(string where, string attempt)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        var commit = await run.CommitAsync("u000000");
        await run.PutCommitAsync("commits/u000000.json", commit with { Attempt = attempt });
        // A damaged output makes the resume move the commit aside, to a key built from its attempt id.
        await run.Output.DeleteAsync(commit.Outputs[HostileRun.Sink][0].Key);
        var runJson = await run.GetAsync(run.RunFolder, "run.json");
        var before = await HostileRun.SnapshotAsync(run.RunFolder);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000000.json"), e.Message);
        Assert.Contains("field 'attempt'", e.Message);
        Assert.Equal(runJson, await run.GetAsync(run.RunFolder, "run.json"));
        Assert.Equal(before, await HostileRun.SnapshotAsync(run.RunFolder));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Rerun_WithAUnitIdThatIsAPath_IsRefusedNamingTheField(string where)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        await run.PutCommitAsync("commits/u000000.json", await run.CommitAsync("u000000") with { Unit = "../../run" });
        var before = await HostileRun.SnapshotAsync(run.RunFolder);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000000.json"), e.Message);
        Assert.Contains("field 'unit'", e.Message);
        Assert.Equal(before, await HostileRun.SnapshotAsync(run.RunFolder));
    }

    [Theory]
    [MemberData(nameof(OutputKeys))]
    public async Task Rerun_WithAnOutputKeyTheSinkDoesNotWrite_IsRefusedBeforeTheKeyIsUsed(string where, string key)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        // What the key points at exists with the recorded size, so only the key itself can give it away.
        await run.PutAsync(run.Output, "user-notes.txt", "notes");
        var commit = await run.CommitAsync("u000000");
        var outputs = commit.Outputs[HostileRun.Sink].Select((o, i) => i == 0 ? o with { Key = key, Bytes = 5, Sha256 = null } : o).ToArray();
        await run.PutCommitAsync("commits/u000000.json", commit with { Outputs = new Dictionary<string, IReadOnlyList<SinkOutput>> { [HostileRun.Sink] = outputs } });
        var (runBefore, outBefore) = (await HostileRun.SnapshotAsync(run.RunFolder), await HostileRun.SnapshotAsync(run.Output));
        var manifest = await run.GetAsync(run.Output, "_manifest.json");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000000.json"), e.Message);
        Assert.Contains($"field 'outputs.{HostileRun.Sink}[0].key'", e.Message);
        Assert.Equal(runBefore, await HostileRun.SnapshotAsync(run.RunFolder));
        Assert.Equal(outBefore, await HostileRun.SnapshotAsync(run.Output));
        Assert.Equal(manifest, await run.GetAsync(run.Output, "_manifest.json"));
    }

    [Theory]
    [InlineData("local", "../../run/run.json")]
    [InlineData("local", "u000001-0000000a.jsonl")]
    [InlineData("s3", "../../run/run.json")]
    [InlineData("s3", "u000000-0000000a.parquet")]
    public async Task Rerun_WithARejectsKeyThatIsNotTheUnits_IsRefusedNamingTheField(string where, string key)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        var commit = await run.CommitAsync("u000000");
        await run.PutCommitAsync("commits/u000000.json", commit with { Rejects = [new SinkOutput(key, 1, 10, "u000000")] });
        var before = await HostileRun.SnapshotAsync(run.RunFolder);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000000.json"), e.Message);
        Assert.Contains("field 'rejects[0].key'", e.Message);
        Assert.Equal(before, await HostileRun.SnapshotAsync(run.RunFolder));
    }
}
