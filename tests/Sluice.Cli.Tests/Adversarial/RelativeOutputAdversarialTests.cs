using Sluice.Cli.Tests.Commands;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// A run is its absolute locations and the effective value of every parameter: a relative <c>--output</c> from two
/// working directories is two runs (the second is refused, not written), while a default passed explicitly, a
/// trailing '/', <c>file://</c> or an absolute spelling of the same place resume the same run.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class RelativeOutputAdversarialTests : IDisposable
{
    private readonly CliSandbox _box = new();

    private string Script() => _box.Script("rel.csx", $$"""
        var input = Param("input", @"{{CliSandbox.Abstracts}}");
        var minWords = Param("min-words", 50);
        var tag = Param("tag", "t/x");
        return Pipeline.Create("rel").ReadJsonl<Document>(input).MinWords(minWords).WriteJsonl(Output("out/default")).Build();
        """);

    [Fact]
    public async Task Run_SameRelativeOutputAndRunFromTwoWorkingDirectories_SecondIsRefusedAndWritesNothing()
    {
        var script = Script();
        var run = _box.File("run");
        var first = Directory.CreateDirectory(_box.File("first")).FullName;
        var second = Directory.CreateDirectory(_box.File("second")).FullName;

        var a = await SluiceProcess.RunAsync(first, ["run", script, "--output", "out/rel", "--run", run]);
        Assert.True(a.Exit == 0, a.Out + a.Err);
        Assert.True(File.Exists(Path.Combine(first, "out/rel/_manifest.json")));

        var b = await SluiceProcess.RunAsync(second, ["run", script, "--output", "out/rel", "--run", run]);
        Assert.Equal(1, b.Exit);
        Assert.Contains("cannot resume", b.Err);
        Assert.False(Directory.Exists(Path.Combine(second, "out")), "the second working directory got a dataset of the same run");
    }

    [Fact]
    public async Task Run_ResumeWithSameValuesSpelledDifferently_IsTheSameRun()
    {
        var script = Script();
        var run = _box.File("run");
        var output = _box.File("out");
        var first = await CliSandbox.SluiceAsync("run", script, "--output", output, "--run", run);
        Assert.True(first.Exit == 0, first.Out + first.Err);

        // Each resume passes what the first run used, spelled another way: a default given explicitly, a trailing
        // slash, file://, ./ segments, a number with a leading zero.
        string[][] spellings =
        [
            ["--output", output + "/"],
            ["--output", "file://" + output],
            ["--output", "file://" + output + "/", "--min-words", "050"],
            ["--output", Path.Combine(_box.Path, ".", "x", "..", "out"), "--input", CliSandbox.Abstracts + "/".TrimEnd('/')],
            ["--output", output, "--min-words", "50", "--tag", "t/x/", "--input", "file://" + CliSandbox.Abstracts],
        ];
        foreach (var args in spellings)
        {
            var again = await CliSandbox.SluiceAsync(["run", script, .. args, "--run", run]);
            Assert.True(again.Exit == 0, $"{string.Join(' ', args)}: {again.Out}{again.Err}");
        }

        var changed = await CliSandbox.SluiceAsync("run", script, "--output", output, "--run", run, "--min-words", "49");
        Assert.Equal(1, changed.Exit);
        Assert.Contains("parameter --min-words was '50', now '49'", changed.Err);
    }

    [Fact]
    public async Task Run_NameWithSlashFromAnotherWorkingDirectory_ResumesTheSameRun()
    {
        // A value holding '/' may be a model name (Qwen/Qwen2.5-VL), not a path: another working folder changes nothing.
        var script = Script();
        var (run, output) = (_box.File("run"), _box.File("out"));
        var first = Directory.CreateDirectory(_box.File("first")).FullName;
        var second = Directory.CreateDirectory(_box.File("second")).FullName;

        var a = await SluiceProcess.RunAsync(first, ["run", script, "--output", output, "--run", run, "--tag", "org/model-v2"]);
        Assert.True(a.Exit == 0, a.Out + a.Err);
        var b = await SluiceProcess.RunAsync(second, ["run", script, "--output", output, "--run", run, "--tag", "org/model-v2"]);
        Assert.True(b.Exit == 0, b.Out + b.Err);
    }

    public void Dispose() => _box.Dispose();
}
