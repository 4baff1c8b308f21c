using System.Text;
using System.Text.Json.Nodes;
using Sluice.Cli.Tests.ExactlyOnce;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// Issue 11, cases 1 to 4, through <c>build/bin/sluice run</c> as a user meets them: a broken or hostile run folder
/// ends with exit 1 and a message naming the object and the field (never an unhandled exception, exit 134), a copied
/// commit counts once, and an old manifest over a link deletes nothing that is not the sink's.
/// </summary>
[Collection(ExactlyOnceCollection.Name)]
[Trait("Category", "Adversarial")]
public sealed class HostileRunFolderCliTests(ExactlyOnceFixture fx, ITestOutputHelper log)
{
    private async Task<(string Run, string Output)> CompletedRunAsync(string where, string label)
    {
        var root = where == "local" ? Path.Combine(fx.Scratch, label) : $"s3://{await fx.CreateBucketAsync(label)}";
        var (run, output) = (root + "/run", root + "/out");
        var first = await RunAsync(run, output);
        Assert.True(first.ExitCode == 0, first.Describe());
        return (run, output);
    }

    private async Task<SluiceRun> RunAsync(string run, string output)
    {
        var result = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--run", run, "--output", output]);
        log.WriteLine(result.Describe());
        return result;
    }

    private static async Task<string> GetAsync(string root, string key)
    {
        await using var stream = await Datasets.Open(root).OpenReadAsync(key);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static Task PutAsync(string root, string key, string text) => Datasets.Open(root).PutAsync(key, Encoding.UTF8.GetBytes(text));

    private static void AssertRefused(SluiceRun run, string uri, string field)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(uri, run.Stderr);
        Assert.Contains($"'{field}'", run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData("local", "commits/u000000.json", """{"unit":"u000000"}""", "attempt")]
    [InlineData("s3", "commits/u000000.json", """{"unit":"u000000"}""", "attempt")]
    [InlineData("local", "run.json", "{}", "pipeline")]
    [InlineData("s3", "run.json", "{}", "pipeline")]
    public async Task Run_OverAnIncompleteObject_ExitsOneNamingTheObjectAndField(string where, string key, string json, string field)
    {
        var (run, output) = await CompletedRunAsync(where, $"incomplete-{(key == "run.json" ? "run" : "commit")}");
        await PutAsync(run, key, json);

        AssertRefused(await RunAsync(run, output), ObjectStores.Join(Datasets.Open(run).RootUri, key), field);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Run_OverARunJsonWithoutUnits_ExitsOneNamingTheObjectAndField(string where)
    {
        var (run, output) = await CompletedRunAsync(where, "no-units");
        var manifest = JsonNode.Parse(await GetAsync(run, "run.json"))!.AsObject();
        manifest.Remove("units");
        await PutAsync(run, "run.json", manifest.ToJsonString());

        AssertRefused(await RunAsync(run, output), ObjectStores.Join(Datasets.Open(run).RootUri, "run.json"), "units");
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Run_OverACommitWhoseAttemptIsAPath_ExitsOneAndLeavesRunJsonAlone(string where)
    {
        var (run, output) = await CompletedRunAsync(where, "attempt-path");
        var commit = JsonNode.Parse(await GetAsync(run, "commits/u000000.json"))!;
        commit["attempt"] = "/../../run";
        await PutAsync(run, "commits/u000000.json", commit.ToJsonString());
        // A damaged output makes the resume move the commit aside, under a key made from its attempt.
        await Datasets.Open(output).DeleteAsync(commit["outputs"]!.AsObject().First().Value![0]!["key"]!.GetValue<string>());
        var runJson = await GetAsync(run, "run.json");

        AssertRefused(await RunAsync(run, output), ObjectStores.Join(Datasets.Open(run).RootUri, "commits/u000000.json"), "attempt");
        Assert.Equal(runJson, await GetAsync(run, "run.json"));
        var again = await RunAsync(run, output);
        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain("run.json", again.Stderr);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Run_WithACopiedCommitAndNoManifest_WritesEveryRecordOnce(string where)
    {
        var reference = await fx.ReferenceAsync();
        var (run, output) = await CompletedRunAsync(where, "copied-commit");
        await PutAsync(run, "commits/u000000-copy.json", await GetAsync(run, "commits/u000000.json"));
        await Datasets.Open(output).DeleteAsync(DatasetManifest.FileName);

        var rerun = await RunAsync(run, output);

        Assert.True(rerun.ExitCode == 0, rerun.Describe());
        Assert.Contains($"ignoring {ObjectStores.Join(Datasets.Open(run).RootUri, "commits/u000000-copy.json")}", rerun.Stderr);
        Datasets.AssertSameAs(reference, await Datasets.ReadAsync(output), "a rerun over a copied commit");
    }

    [Fact]
    public async Task Run_IntoAnOutputWithALinkAndAnOldManifest_DeletesNeitherWhatItListsNorWhatTheLinkReaches()
    {
        var dir = Path.Combine(fx.Scratch, "old-manifest-link");
        string output = Path.Combine(dir, "out"), elsewhere = Path.Combine(dir, "elsewhere");
        Directory.CreateDirectory(output);
        Directory.CreateDirectory(elsewhere);
        await File.WriteAllTextAsync(Path.Combine(elsewhere, "victim.txt"), "not yours");
        await File.WriteAllTextAsync(Path.Combine(output, "user-notes.txt"), "mine");
        Directory.CreateSymbolicLink(Path.Combine(output, "lnk"), elsewhere);
        await File.WriteAllTextAsync(Path.Combine(output, DatasetManifest.FileName), """
            {"pipeline":"someone","format":"jsonl","rows":2,"bytes":8,"metadata":null,"created":"2026-01-01T00:00:00Z",
             "shards":[{"key":"user-notes.txt","rows":1,"bytes":4,"unit":"u000000"},{"key":"lnk/victim.txt","rows":1,"bytes":4,"unit":"u000000"}]}
            """);

        var run = await SluiceRun.RunAsync(fx, ["--input", fx.Input, "--output", output]);
        log.WriteLine(run.Describe());

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(output, "user-notes.txt")));
        Assert.Equal("not yours", await File.ReadAllTextAsync(Path.Combine(elsewhere, "victim.txt")));
        Datasets.AssertSameAs(await fx.ReferenceAsync(), await Datasets.ReadAsync(output), "a run over an old manifest");
    }
}
