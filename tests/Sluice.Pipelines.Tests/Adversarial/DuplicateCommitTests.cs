using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Case 1 of issue 11: exactly one commit per planned unit, read from <c>commits/UNIT.json</c> whose <c>unit</c> is
/// that unit; copies and strays in <c>commits/</c> are ignored and reported, never counted.
/// </summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Adversarial")]
public sealed class DuplicateCommitTests(S3ServerFixture s3)
{
    private static readonly string[] Strays =
        ["commits/u000000-copy.json", "commits/old/u000000.json", "commits/u999999.json", "commits/u000000.json.bak", "commits/U000000.json"];

    public static TheoryData<string, string> Copies()
    {
        var data = new TheoryData<string, string>();
        foreach (var where in new[] { "local", "s3" })
            foreach (var stray in Strays) data.Add(where, stray);
        return data;
    }

    [Theory]
    [MemberData(nameof(Copies))]
    public async Task Rerun_WithACopiedCommitObject_ListsEveryUnitsShardsOnce(string where, string copy)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        await run.PutAsync(run.RunFolder, copy, await run.GetAsync(run.RunFolder, "commits/u000000.json"));
        await run.Output.DeleteAsync(DatasetManifest.FileName);

        var log = new StringWriter();
        var result = await run.RunAsync(log);

        Assert.Equal(RunStatus.Completed, result.Status);
        var manifest = await run.ManifestAsync();
        Assert.Equal(manifest.Shards.Count, manifest.Shards.Select(s => s.Key).Distinct().Count());
        Assert.Equal(HostileRun.Rows, manifest.Rows);
        await run.AssertEveryRowOnceAsync();
        Assert.Contains($"ignoring {run.UriOf(copy)}", log.ToString());
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Rerun_WithAUnitsCommitCopiedOverAnothersKey_IsRefusedNamingTheObjectAndField(string where)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        await run.PutAsync(run.RunFolder, "commits/u000001.json", await run.GetAsync(run.RunFolder, "commits/u000000.json"));
        await run.Output.DeleteAsync(DatasetManifest.FileName);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000001.json"), e.Message);
        Assert.Contains("field 'unit'", e.Message);
        Assert.Null(await run.Output.StatAsync(DatasetManifest.FileName));
    }
}
