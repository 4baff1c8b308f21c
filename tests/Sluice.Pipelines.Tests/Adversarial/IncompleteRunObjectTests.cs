using System.Text.Json.Nodes;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Testing;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Case 3 of issue 11: a run-folder object with a missing, null or invalid field stops the run with an error that
/// names the object's full URI and the field, never a NullReferenceException; a broken checkpoint (advice only) is
/// ignored with a log line naming it, and its unit is redone.
/// </summary>
[Collection(S3Collection.Name)]
[Trait("Category", "Adversarial")]
public sealed class IncompleteRunObjectTests(S3ServerFixture s3)
{
    /// <summary>Edits of a real object, by name, with the field the error must name.</summary>
    private static readonly Dictionary<string, (Func<JsonNode, JsonNode?> Edit, string Field)> CommitEdits = new()
    {
        ["only-unit"] = (_ => new JsonObject { ["unit"] = "u000000" }, "attempt"),
        ["empty"] = (_ => new JsonObject(), "unit"),
        ["null"] = (_ => null, "null"),
        ["no-outputs"] = (n => Without(n, "outputs"), "outputs"),
        ["null-output-list"] = (n => With(n, o => o["outputs"]![HostileRun.Sink] = null), $"outputs.{HostileRun.Sink}"),
        ["null-output"] = (n => With(n, o => o["outputs"]![HostileRun.Sink]![0] = null), $"outputs.{HostileRun.Sink}[0]"),
        ["null-rejects"] = (n => With(n, o => o["rejects"] = null), "rejects"),
        ["no-rank"] = (n => Without(n, "rank"), "rank"),
        ["negative-rows"] = (n => With(n, o => o["outputs"]![HostileRun.Sink]![0]!["rows"] = -1), $"outputs.{HostileRun.Sink}[0].rows"),
        ["other-units-output"] = (n => With(n, o => o["outputs"]![HostileRun.Sink]![0]!["unit"] = "u000001"), $"outputs.{HostileRun.Sink}[0].unit"),
    };

    private static readonly Dictionary<string, (Func<JsonNode, JsonNode?> Edit, string Field)> RunEdits = new()
    {
        ["empty"] = (_ => new JsonObject(), "pipeline"),
        ["no-units"] = (n => Without(n, "units"), "units"),
        ["null-unit"] = (n => With(n, o => o["units"]![0] = null), "units[0]"),
        ["unit-id-a-path"] = (n => With(n, o => o["units"]![1]!["id"] = "../x"), "units[1].id"),
        ["repeated-unit"] = (n => With(n, o => o["units"]![1]!["id"] = "u000000"), "units[1].id"),
        ["null-parameter"] = (n => With(n, o => o["parameters"] = new JsonObject { ["x"] = null }), "parameters.x"),
        ["no-world-size"] = (n => Without(n, "world_size"), "world_size"),
        ["zero-world-size"] = (n => With(n, o => o["world_size"] = 0), "world_size"),
    };

    public static TheoryData<string, string> CommitCases() => Cases(CommitEdits.Keys);

    public static TheoryData<string, string> RunCases() => Cases(RunEdits.Keys);

    private static TheoryData<string, string> Cases(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string>();
        foreach (var where in new[] { "local", "s3" })
            foreach (var name in names) data.Add(where, name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommitCases))]
    public async Task Rerun_WithAnIncompleteCommit_FailsNamingTheObjectAndField(string where, string edit)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        var (change, field) = CommitEdits[edit];
        await EditAsync(run, "commits/u000000.json", change);
        var manifest = await run.GetAsync(run.Output, DatasetManifest.FileName);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("commits/u000000.json"), e.Message);
        Assert.Contains(field == "null" ? "holds null" : $"'{field}'", e.Message);
        Assert.Equal(manifest, await run.GetAsync(run.Output, DatasetManifest.FileName));
    }

    [Theory]
    [MemberData(nameof(RunCases))]
    public async Task Rerun_WithAnIncompleteRunManifest_FailsNamingTheObjectAndField(string where, string edit)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        var (change, field) = RunEdits[edit];
        await EditAsync(run, "run.json", change);
        var before = await HostileRun.SnapshotAsync(run.RunFolder);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run.RunAsync());

        Assert.Contains(run.UriOf("run.json"), e.Message);
        Assert.Contains($"'{field}'", e.Message);
        Assert.Equal(before, await HostileRun.SnapshotAsync(run.RunFolder));
    }

    [Theory]
    [InlineData("local", "only-unit", "attempt")]
    [InlineData("local", "foreign-output", "outputs.out[0].key")]
    [InlineData("local", "other-unit", "unit")]
    [InlineData("s3", "only-unit", "attempt")]
    [InlineData("s3", "foreign-output", "outputs.out[0].key")]
    public async Task Resume_WithABrokenCheckpoint_IgnoresItNamingItAndRedoesTheUnit(string where, string edit, string field)
    {
        using var run = await HostileRun.CreateAsync(where, s3);
        await run.CompleteAsync();
        // u000001 becomes pending again, with a checkpoint that must not be trusted.
        await run.PutAsync(run.Output, "user-notes.txt", "notes");
        var checkpoint = edit switch
        {
            "only-unit" => """{"unit":"u000001"}""",
            "other-unit" => """{"unit":"u000002","attempt":"0000000a","consumed":0,"records_in":0,"outputs":{},"rejects":[],"rejected":0,"written":"2026-01-01T00:00:00Z"}""",
            _ => """{"unit":"u000001","attempt":"0000000a","consumed":1,"records_in":1,"outputs":{"out":[{"key":"user-notes.txt","rows":1,"bytes":5,"unit":"u000001"}]},"rejects":[],"rejected":0,"written":"2026-01-01T00:00:00Z"}""",
        };
        await run.RunFolder.DeleteAsync("commits/u000001.json");
        await run.PutAsync(run.RunFolder, "checkpoints/u000001.json", checkpoint);

        var log = new StringWriter();
        var result = await run.RunAsync(log);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, result.UnitsCommitted);
        await run.AssertEveryRowOnceAsync();
        Assert.Contains(run.UriOf("checkpoints/u000001.json"), log.ToString());
        Assert.Contains($"'{field}'", log.ToString());
        Assert.Equal("notes", await run.GetAsync(run.Output, "user-notes.txt"));
    }

    private static async Task EditAsync(HostileRun run, string key, Func<JsonNode, JsonNode?> change)
    {
        var node = JsonNode.Parse(await run.GetAsync(run.RunFolder, key))!;
        await run.PutAsync(run.RunFolder, key, change(node)?.ToJsonString() ?? "null");
    }

    private static JsonNode Without(JsonNode node, string property)
    {
        node.AsObject().Remove(property);
        return node;
    }

    private static JsonNode With(JsonNode node, Action<JsonNode> edit)
    {
        edit(node);
        return node;
    }
}
