using Sluice.Cli.Launch;

namespace Sluice.Cli.Tests.Launch;

public class SlurmLauncherTests
{
    private static readonly SlurmOptions Options = new()
    {
        Sluice = ["/opt/sluice/sluice"],
        LogDirectory = "/runs/wc 1/launch/logs",
        WorkingDirectory = "/repo",
        ExtraOptions = ["--partition=gpu", "--time=1:00:00"],
    };

    private static IReadOnlyList<string> Lines(string script) => script.Split('\n');

    private static IReadOnlyList<string> Directives(string script) =>
        Lines(script).Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l["#SBATCH ".Length..]).ToList();

    [Fact]
    public void RenderScript_FourRanks_ArrayCoversEveryRank()
    {
        var stage = LaunchTestData.Stage(worldSize: 4);
        var directives = Directives(SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options));
        Assert.Contains("--array=0-3", directives);
        Assert.Contains("--requeue", directives);
        Assert.Contains("--signal=B:TERM@60", directives);
        Assert.Contains("--chdir=/repo", directives);
    }

    [Fact]
    public void RenderScript_MaxParallel_LimitsArray()
    {
        var stage = LaunchTestData.Stage(worldSize: 100);
        var directives = Directives(SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options with { MaxParallel = 8 }));
        Assert.Contains("--array=0-99%8", directives);
    }

    [Fact]
    public void RenderScript_OutputAndErrorFiles_ArePerTask()
    {
        var stage = LaunchTestData.Stage();
        var directives = Directives(SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options));
        Assert.Contains("--output='/runs/wc 1/launch/logs/word-count-%A_%a.out'", directives);
        Assert.Contains("--error='/runs/wc 1/launch/logs/word-count-%A_%a.err'", directives);
    }

    [Fact]
    public void RenderScript_ExtraOptions_FollowSluicesOwn()
    {
        var stage = LaunchTestData.Stage();
        var directives = Directives(SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options));
        Assert.Equal(["--partition=gpu", "--time=1:00:00"], directives.TakeLast(2));
    }

    [Fact]
    public void RenderScript_Command_RunsRankFromArrayTaskIdWithParameters()
    {
        var stage = LaunchTestData.Stage(worldSize: 4);
        var script = SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options);
        var command = Assert.Single(Lines(script), l => l.StartsWith("/opt/sluice/sluice ", StringComparison.Ordinal));
        Assert.EndsWith(" &", command);
        Assert.Equal(
            ["/opt/sluice/sluice", "run", "/repo/examples/word-count.csx", "--run", "/runs/wc 1", "--world-size", "4",
             "--rank", "$SLURM_ARRAY_TASK_ID", "--output", "/out/word count", "--min-words", "60", "--strict"],
            ShellQuoting.Split(command[..^2]));
        Assert.Contains("--rank \"$SLURM_ARRAY_TASK_ID\"", command);
        Assert.Contains("export SLUICE_WORLD_SIZE=4", Lines(script));
    }

    [Fact]
    public void RenderScript_StartsWithShebang_AndExitsWithSluicesStatus()
    {
        var stage = LaunchTestData.Stage();
        var lines = Lines(SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options));
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("trap 'kill -TERM \"$sluice_pid\" 2>/dev/null' TERM", lines);
        Assert.Equal("exit \"$status\"", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public void RenderScript_ArrayInExtraOptions_Throws()
    {
        var stage = LaunchTestData.Stage();
        var e = Assert.Throws<ArgumentException>(() =>
            SlurmLauncher.RenderScript(LaunchTestData.Plan(stage), stage, Options with { ExtraOptions = ["--array=0-9"] }));
        Assert.Contains("--world-size", e.Message);
    }

    [Fact]
    public async Task SubmitAsync_TwoStages_SecondDependsOnFirst()
    {
        var calls = new List<IReadOnlyList<string>>();
        var next = 41;
        Task<(int, string, string)> Fake(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
        {
            calls.Add(argv);
            return Task.FromResult((0, $"{++next};cluster\n", ""));
        }

        var ids = await SlurmLauncher.SubmitAsync(["/l/a.sbatch", "/l/b.sbatch"], Fake, new Dictionary<string, string>(), CancellationToken.None);

        Assert.Equal(["42", "43"], ids);
        Assert.Equal(["sbatch", "--parsable", "/l/a.sbatch"], calls[0]);
        Assert.Equal(["sbatch", "--parsable", "--dependency=afterok:42", "/l/b.sbatch"], calls[1]);
    }

    [Fact]
    public async Task SubmitAsync_SbatchFails_ThrowsWithItsMessage()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SlurmLauncher.SubmitAsync(["/l/a.sbatch"],
            (_, _, _) => Task.FromResult((1, "", "sbatch: error: invalid partition specified: gpu")), new Dictionary<string, string>(), CancellationToken.None));
        Assert.Contains("invalid partition", e.Message);
    }

    [Theory]
    [InlineData("--partition=x --time=1:00:00", new[] { "--partition=x", "--time=1:00:00" })]
    [InlineData("  --comment='two words'  --x=\"a b\" ", new[] { "--comment=two words", "--x=a b" })]
    [InlineData("", new string[0])]
    public void Split_OptionString_WordsAsShellReadsThem(string text, string[] expected) =>
        Assert.Equal(expected, ShellQuoting.Split(text));

    [Theory]
    [InlineData("plain/path-1.csx", "plain/path-1.csx")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void Quote_Word_SafeForShell(string word, string expected) => Assert.Equal(expected, ShellQuoting.Quote(word));
}
