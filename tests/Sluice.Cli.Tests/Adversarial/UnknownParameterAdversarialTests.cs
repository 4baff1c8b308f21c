using Sluice.Cli.Tests.Commands;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// Every script parameter on the command line must be one the script declares with <c>Param</c>: a typo is refused
/// (exit 2, naming it, the closest declared name and all of them) before anything is read or written.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class UnknownParameterAdversarialTests : IDisposable
{
    private readonly CliSandbox _box = new();

    private string PipelineScript() => _box.Script("typo.csx", $$"""
        var input = Param("input", {{Literal(CliSandbox.Abstracts)}});
        var minWords = Param("min-words", 50);
        var ratio = Param("keep-ratio", 0.5);
        var dynamic = Param("dyn" + "amic", "");
        return Pipeline.Create("typo").ReadJsonl<Document>(input).MinWords(minWords).WriteJsonl(Output("out/typo")).Build();
        """);

    // Params asked for only inside a stage factory and a step: they run after the check.
    private string WorkflowScript() => _box.Script("lazy.csx", $$"""
        var work = Param("work", {{Literal(_box.File("work"))}});
        return Workflow.Create("lazy")
            .Stage("clean", () => Pipeline.Create("clean").ReadJsonl<Document>(Param("input", {{Literal(CliSandbox.Abstracts)}}))
                .MinWords(Param("min-words", 50)).WriteJsonl(work + "/clean").Build())
            .Step("count", async ct => { await Task.Delay(Param("pause-ms", 0), ct); });
        """);

    private static string Literal(string s) => "@\"" + s.Replace("\"", "\"\"") + "\"";

    public static TheoryData<string, string, string> Typos() => new()
    {
        { "inptu", "data.jsonl", "input" },
        { "input-file", "data.jsonl", "input" },
        { "min_words", "10", "min-words" },
        { "minwords", "10", "min-words" },
        { "Input", "data.jsonl", "input" },
        { "keep-ration", "0.1", "keep-ratio" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public async Task Run_UndeclaredParameter_Exits2NamingItAndTheDeclaredOnes_BeforeAnyIo(string typo, string value, string closest)
    {
        var output = _box.File("out");
        var (exit, _, err) = await CliSandbox.SluiceAsync("run", PipelineScript(), "--" + typo, value, "--output", output, "--run", _box.File("run"));
        Assert.Equal(2, exit);
        Assert.Contains("--" + typo, err);
        Assert.Contains($"did you mean --{closest}?", err);
        foreach (var known in new[] { "--input", "--min-words", "--keep-ratio", "--dynamic" }) Assert.Contains(known, err);
        Assert.False(Directory.Exists(output), "an output was written before the parameters were checked");
        Assert.False(Directory.Exists(_box.File("run")), "a run folder was written before the parameters were checked");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("run")]
    public async Task PlanOrRun_ParameterDeclaredOnlyInsideStages_IsAccepted_AndATypoOfItIsNot(string command)
    {
        var script = WorkflowScript();
        var ok = await CliSandbox.SluiceAsync(command, script, "--min-words", "10", "--pause-ms", "1", "--input", CliSandbox.Abstracts);
        Assert.True(ok.Exit == 0, ok.Out + ok.Err);

        var typo = await CliSandbox.SluiceAsync(command, script, "--pause_ms", "1");
        Assert.Equal(2, typo.Exit);
        Assert.Contains("--pause_ms (did you mean --pause-ms?)", typo.Err);
    }

    [Fact]
    public async Task Launch_UndeclaredParameter_Exits2_AndWritesNoJobFile()
    {
        var launchDir = _box.File("launch");
        var (exit, _, err) = await CliSandbox.SluiceAsync("launch", "slurm", PipelineScript(), "--world-size", "2", "--run", _box.File("run"),
            "--launch-dir", launchDir, "--dry-run", "--inptu", "x.jsonl");
        Assert.Equal(2, exit);
        Assert.Contains("--inptu (did you mean --input?)", err);
        Assert.True(!Directory.Exists(launchDir) || Directory.GetFiles(launchDir, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Fact]
    public async Task Run_ScriptWithoutParameters_SaysItDeclaresNone()
    {
        var script = _box.Script("none.csx", $$"""
            return Pipeline.Create("none").ReadJsonl<Document>({{Literal(CliSandbox.Abstracts)}}).WriteJsonl(Output("out/none")).Build();
            """);
        var (exit, _, err) = await CliSandbox.SluiceAsync("run", script, "--words", "250", "--output", _box.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("--words", err);
        Assert.Contains("declares no parameters", err);
    }

    public void Dispose() => _box.Dispose();
}
