using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// What a run is: its outputs as absolute locations (so one spelling of a place is one run, and one relative path in
/// two folders is two runs) and its secrets kept out of the run folder while still telling a changed one apart.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class RunIdentityAdversarialTests
{
    private static Pipeline Build(string input, string output) =>
        Pipeline.Create("identity").ReadJsonl<Row>(input).WriteJsonl(output).Build();

    [Fact]
    public void GraphHash_SameFolderSpelledDifferently_IsOneRun()
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        var output = dir.File("out");
        var spellings = new[] { output, output + "/", output + "//", "file://" + output, "file://" + output + "/", Path.Combine(dir.Path, ".", "x", "..", "out") };
        var inputs = new[] { input, "file://" + input };
        var hashes = spellings.SelectMany(o => inputs.Select(i => RunFolder.GraphHash(Build(i, o)))).Distinct().ToArray();
        Assert.Single(hashes);
    }

    [Fact]
    public void GraphHash_RelativeOutputFromTwoWorkingDirectories_IsTwoRuns()
    {
        // A relative output names a different folder from each working directory; which directory applies is the
        // process's, so the hash is taken as each process would take it.
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        var here = Directory.GetCurrentDirectory();
        var relativeToA = Path.GetRelativePath(here, dir.File("a/out/rel"));
        var relativeToB = Path.GetRelativePath(here, dir.File("b/out/rel"));
        Assert.NotEqual(RunFolder.GraphHash(Build("in.jsonl", relativeToA)), RunFolder.GraphHash(Build("in.jsonl", relativeToB)));
        Assert.Equal(RunFolder.GraphHash(Build("in.jsonl", "out/rel")), RunFolder.GraphHash(Build("in.jsonl", Path.GetFullPath("out/rel") + "/")));
    }

    public static TheoryData<string, string> Secrets() => new()
    {
        { "api-key", "sk-SECRET123" },
        { "API_KEY", "sk-SECRET123" },
        { "hf-Token", "hf_SECRET123" },
        { "db-password", "SECRET123" },
        { "client-secret", "SECRET123" },
        { "aws-credentials", "SECRET123" },
        { "endpoint", "http://u:pass@127.0.0.1:1/" },
        { "mirror", "https://user:pass@host.example/v1?x=1" },
        { "proxy", "socks5://pass@proxy:1080" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task OpenAsync_SecretParameter_StoredOnlyAsSaltedHash_ChangeStillRefused(string name, string value)
    {
        using var dir = new TempDir();
        var input = dir.File("in.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 5).Select(i => Runs.JsonLine(Row.Make(i))));
        var pipeline = Build(input, dir.File("out"));
        var plan = await PipelinePlan.CreateAsync(pipeline, 1, CancellationToken.None);
        var run = Storage.Objects.ObjectStores.Open(dir.File("run"));
        var parameters = new Dictionary<string, string> { [name] = value, ["plain"] = "visible" };

        await RunFolder.OpenAsync(run, pipeline, plan, parameters, 1, CancellationToken.None);
        var stored = await File.ReadAllTextAsync(dir.File("run/run.json"));
        Assert.DoesNotContain("SECRET123", stored);
        Assert.DoesNotContain("pass@", stored);
        Assert.Contains("sha256:", stored);
        Assert.Contains("visible", stored);

        // The same value resumes; another is refused without showing either.
        await RunFolder.OpenAsync(run, pipeline, plan, new Dictionary<string, string>(parameters), 1, CancellationToken.None);
        var changed = new Dictionary<string, string>(parameters) { [name] = value.Replace("SECRET123", "OTHER456").Replace("pass@", "word@") };
        var e = await Assert.ThrowsAsync<RunMismatchException>(() => RunFolder.OpenAsync(run, pipeline, plan, changed, 1, CancellationToken.None));
        Assert.Contains($"--{name}", e.Message);
        Assert.DoesNotContain("SECRET123", e.Message);
        Assert.DoesNotContain("OTHER456", e.Message);
        Assert.DoesNotContain("pass@", e.Message);
        Assert.DoesNotContain("word@", e.Message);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Protect_EverySecret_TwoRunsDifferInSaltYetBothMatch(string name, string value)
    {
        var first = RunParameters.Protect(name, value);
        var second = RunParameters.Protect(name, value);
        Assert.NotEqual(first, second);
        Assert.True(RunParameters.Matches(name, first, value));
        Assert.True(RunParameters.Matches(name, second, value));
        Assert.False(RunParameters.Matches(name, first, value + "x"));
        Assert.DoesNotContain("SECRET123", RunParameters.Display(name, value));
        Assert.DoesNotContain("pass@", RunParameters.Display(name, value));
    }

    [Theory]
    [InlineData("endpoint", "http://127.0.0.1:1/v1")]
    [InlineData("model", "Qwen/Qwen2.5-VL-7B-Instruct")]
    [InlineData("query", "who@where")]
    public void Protect_NoSecret_KeptAsGiven(string name, string value) => Assert.Equal(value, RunParameters.Protect(name, value));
}
