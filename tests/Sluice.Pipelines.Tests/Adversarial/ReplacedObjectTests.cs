using System.Text;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Objects;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// On S3 an object is never appended to, only replaced: a unit whose object was replaced after planning (a new
/// ETag) is a reject naming it, whatever the new bytes are, and never a read of bytes that were not planned.
/// </summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Adversarial")]
[Trait("Category", "Integration")]
public sealed class ReplacedObjectTests(S3ServerFixture server)
{
    private static readonly string[] Lines = HostileInputs.JsonLines(182);

    [Theory]
    [InlineData("in.jsonl", false)]
    [InlineData("in.jsonl", true)]
    [InlineData("in.jsonl.gz", true)]
    public async Task Jsonl_ObjectReplacedAfterPlanning_IsARejectNamingIt(string name, bool grown)
    {
        var bucket = await server.CreateBucketAsync("replaced");
        using var store = new S3ObjectStore(bucket, "in", server.Settings, server.Client);
        byte[] Encode(IEnumerable<string> lines) =>
            name.EndsWith(".gz") ? HostileInputs.GzipTool(lines) : Encoding.UTF8.GetBytes(string.Concat(lines));
        await store.PutAsync(name, Encode(Lines));
        var uri = $"s3://{bucket}/in/{name}";
        var source = new JsonlSource<Article>(uri);
        var units = await source.PlanAsync(0, CancellationToken.None);

        // The same records reordered (same size), or more of them: either way other bytes under the planned key.
        await store.PutAsync(name, Encode(grown ? [.. Lines, .. HostileInputs.JsonLines(20, first: 500)] : Lines.Reverse()));
        var items = await HostileFiles.ReadAllAsync(source, units);

        var reject = Assert.Single(items);
        Assert.True(reject.Fatal);
        Assert.Contains($"{uri} was replaced during the run", reject.Error);
    }

    [Fact]
    public async Task Jsonl_ObjectUnchangedAfterPlanning_ReadsWhole()
    {
        var bucket = await server.CreateBucketAsync("unchanged");
        using var store = new S3ObjectStore(bucket, "in", server.Settings, server.Client);
        await store.PutAsync("in.jsonl.gz", HostileInputs.GzipTool(Lines));
        var source = new JsonlSource<Article>($"s3://{bucket}/in/in.jsonl.gz");
        var units = await source.PlanAsync(0, CancellationToken.None);

        var items = await HostileFiles.ReadAllAsync(source, units);

        Assert.Equal(HostileInputs.Ids(182), items.Select(i => i.Record!.Id));
    }
}
