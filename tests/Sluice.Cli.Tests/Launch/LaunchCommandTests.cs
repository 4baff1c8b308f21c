using Sluice.Testing;
using System.Text.Json;
using Sluice.Cli.Commands;
using Sluice.Cli.Launch;

namespace Sluice.Cli.Tests.Launch;

public class LaunchCommandTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "examples", "word-count.csx");

    private static async Task<(int Code, string Out, string Err)> LaunchAsync(IReadOnlyList<string> argv, SlurmLauncher.CommandRunner? sbatch = null)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        sbatch ??= (_, _, _) => throw new InvalidOperationException("sbatch must not run");
        var code = await LaunchCommand.RunAsync(LaunchArguments.Parse(argv), @out, err, sbatch, CancellationToken.None);
        return (code, @out.ToString(), err.ToString());
    }

    [Fact]
    public void Parse_LauncherOptionsAndForwardedOptions_AreSeparated()
    {
        var args = LaunchArguments.Parse(["slurm", "x.csx", "--world-size", "4", "--output", "o", "--dry-run", "--run", "r", "--strict", "--words=250"]);
        Assert.Equal("slurm", args.Backend);
        Assert.Equal("x.csx", args.Script);
        Assert.Equal("4", args.Get("world-size"));
        Assert.Equal("r", args.Get("run"));
        Assert.True(args.Options.ContainsKey("dry-run"));
        Assert.Equal(["--output", "o", "--strict", "--words", "250"], args.Forwarded);
    }

    [Fact]
    public void Parse_Rank_IsRefused()
    {
        var e = Assert.Throws<UsageException>(() => LaunchArguments.Parse(["slurm", "x.csx", "--rank", "0"]));
        Assert.Contains("per task", e.Message);
    }

    [Fact]
    public async Task Slurm_DryRun_WritesScriptIntoRunFolderAndSubmitsNothing()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var run = Path.Combine(tmp.Path, "run");
        var (code, @out, _) = await LaunchAsync(["slurm", Script, "--world-size", "3", "--run", run, "--sluice", "/opt/sluice", "--dry-run", "--min-words", "70"]);

        Assert.Equal(0, code);
        var script = Path.Combine(run, "launch", "word-count.sbatch");
        Assert.Contains($"wrote {script}", @out);
        Assert.Contains($"sbatch --parsable {script}", @out);
        var text = await File.ReadAllTextAsync(script);
        Assert.Contains("#SBATCH --array=0-2", text);
        Assert.Contains($"/opt/sluice run {Script} --run {run} --world-size 3 --rank \"$SLURM_ARRAY_TASK_ID\" --min-words 70 &", text);
        Assert.True(Directory.Exists(Path.Combine(run, "launch", "logs")));
    }

    [Fact]
    public async Task Slurm_Submit_PrintsJobId()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var submitted = new List<IReadOnlyList<string>>();
        var (code, @out, _) = await LaunchAsync(
            ["slurm", Script, "--world-size", "2", "--run", Path.Combine(tmp.Path, "run"), "--sbatch", "--partition=main --time=5"],
            (argv, _, _) =>
            {
                submitted.Add(argv);
                return Task.FromResult((0, "1234\n", ""));
            });

        Assert.Equal(0, code);
        Assert.Contains("submitted job 1234", @out);
        var argv = Assert.Single(submitted);
        Assert.Equal(["sbatch", "--parsable"], argv.Take(2));
        var text = await File.ReadAllTextAsync(argv[^1]);
        Assert.Contains("#SBATCH --partition=main\n#SBATCH --time=5\n", text);
    }

    [Fact]
    public async Task Slurm_S3Run_WritesScriptUnderDotSluice()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var launchDir = Path.Combine(tmp.Path, "l");
        var (code, _, _) = await LaunchAsync(["slurm", Script, "--world-size", "2", "--run", "s3://b/runs/x", "--launch-dir", launchDir, "--dry-run"]);
        Assert.Equal(0, code);
        var text = await File.ReadAllTextAsync(Path.Combine(launchDir, "word-count.sbatch"));
        Assert.Contains("--run s3://b/runs/x --world-size 2", text);
    }

    [Fact]
    public async Task Slurm_MissingWorldSize_IsUsageError()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => LaunchAsync(["slurm", Script, "--run", "/tmp/r"]));
        Assert.Contains("--world-size", e.Message);
    }

    [Fact]
    public async Task AwsBatch_WritesRequestFiles_AndPrintsCommands()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var (code, @out, _) = await LaunchAsync(["aws-batch", "examples/word-count.csx", "--world-size", "5", "--run", "s3://b/runs/x",
            "--image", "img:1", "--job-queue", "q", "--launch-dir", tmp.Path, "--output", "s3://b/out"]);

        Assert.Equal(0, code);
        using var definition = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(tmp.Path, "job-definition.json")));
        Assert.Equal(
            ["sluice", "run", "examples/word-count.csx", "--run", "s3://b/runs/x", "--world-size", "5", "--output", "s3://b/out"],
            definition.RootElement.GetProperty("containerProperties").GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        using var submit = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(tmp.Path, "submit-job.json")));
        Assert.Equal(5, submit.RootElement.GetProperty("arrayProperties").GetProperty("size").GetInt32());
        Assert.Contains($"aws batch register-job-definition --cli-input-json file://{tmp.Path}/job-definition.json", @out);
        Assert.Contains("aws batch submit-job", @out);
    }

    [Fact]
    public async Task AwsBatch_LocalRun_IsUsageError()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() =>
            LaunchAsync(["aws-batch", "x.csx", "--world-size", "2", "--run", "/tmp/run", "--image", "i"]));
        Assert.Contains("s3://", e.Message);
    }

    [Fact]
    public async Task K8s_WritesIndexedJob_AndPrintsApply()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var (code, @out, _) = await LaunchAsync(["k8s", "examples/word-count.csx", "--world-size", "3", "--run", "s3://b/runs/x",
            "--image", "img:1", "--parallelism", "2", "--launch-dir", tmp.Path]);

        Assert.Equal(0, code);
        var yaml = await File.ReadAllTextAsync(Path.Combine(tmp.Path, "job.yaml"));
        Assert.Contains("completionMode: Indexed", yaml);
        Assert.Contains("parallelism: 2", yaml);
        Assert.Contains($"kubectl apply -f {tmp.Path}/job.yaml", @out);
    }

    [Fact]
    public async Task K8s_WithoutImage_IsUsageError()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => LaunchAsync(["k8s", "x.csx", "--world-size", "2", "--run", "s3://b/r"]));
        Assert.Contains("--image", e.Message);
    }

    [Fact]
    public async Task Program_Launch_DispatchesToLauncher()
    {
        using var tmp = new LaunchTestData.TempFolder();
        var @out = new StringWriter();
        var err = new StringWriter();
        var code = await Program.RunAsync(["launch", "slurm", Script, "--dry-run", "--world-size", "2", "--run", Path.Combine(tmp.Path, "run")],
            @out, err, CancellationToken.None);
        Assert.True(code == 0, err.ToString());
        Assert.Contains("sbatch --parsable", @out.ToString());
    }

    [Fact]
    public async Task Program_UnknownLauncher_IsUsageError()
    {
        var err = new StringWriter();
        var code = await Program.RunAsync(["launch", "lsf", "x.csx", "--world-size", "2", "--run", "/tmp/r"], new StringWriter(), err, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("unknown launcher 'lsf'", err.ToString());
    }
}
