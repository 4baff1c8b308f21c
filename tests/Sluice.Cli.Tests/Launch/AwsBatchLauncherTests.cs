using System.Text.Json;
using Sluice.Cli.Launch;

namespace Sluice.Cli.Tests.Launch;

public class AwsBatchLauncherTests
{
    private static readonly ContainerOptions Options = new() { Image = "123.dkr.ecr.us-east-1.amazonaws.com/sluice:1", JobQueue = "spot", Vcpus = 4, MemoryMiB = 16384 };

    private static JsonElement Parse(System.Text.Json.Nodes.JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement;

    [Fact]
    public void JobDefinition_Command_RunsScriptWithRunWorldSizeAndParameters()
    {
        var stage = LaunchTestData.Stage(worldSize: 8, run: "s3://bucket/runs/wc");
        var container = Parse(AwsBatchLauncher.JobDefinition(stage, Options)).GetProperty("containerProperties");
        Assert.Equal(
            ["sluice", "run", "/repo/examples/word-count.csx", "--run", "s3://bucket/runs/wc", "--world-size", "8",
             "--output", "/out/word count", "--min-words", "60", "--strict"],
            container.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Options.Image, container.GetProperty("image").GetString());
    }

    [Fact]
    public void JobDefinition_Environment_CarriesWorldSize()
    {
        var stage = LaunchTestData.Stage(worldSize: 8, run: "s3://bucket/runs/wc");
        var env = Parse(AwsBatchLauncher.JobDefinition(stage, Options)).GetProperty("containerProperties").GetProperty("environment")
            .EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("8", env["SLUICE_WORLD_SIZE"]);
    }

    [Fact]
    public void JobDefinition_Shape_IsRegisterJobDefinitionRequest()
    {
        var root = Parse(AwsBatchLauncher.JobDefinition(LaunchTestData.Stage(), Options));
        Assert.Equal("sluice-word-count", root.GetProperty("jobDefinitionName").GetString());
        Assert.Equal("container", root.GetProperty("type").GetString());
        var resources = root.GetProperty("containerProperties").GetProperty("resourceRequirements").EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("4", resources["VCPU"]);
        Assert.Equal("16384", resources["MEMORY"]);
        Assert.Equal(3, root.GetProperty("retryStrategy").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void SubmitJob_ArraySizeIsWorldSize_NoDependencies()
    {
        var root = Parse(AwsBatchLauncher.SubmitJob(LaunchTestData.Stage(worldSize: 8), Options, []));
        Assert.Equal(8, root.GetProperty("arrayProperties").GetProperty("size").GetInt32());
        Assert.Equal("spot", root.GetProperty("jobQueue").GetString());
        Assert.Equal("sluice-word-count", root.GetProperty("jobDefinition").GetString());
        Assert.False(root.TryGetProperty("dependsOn", out _));
    }

    [Fact]
    public void SubmitJob_LaterStage_DependsOnPreviousJob()
    {
        var root = Parse(AwsBatchLauncher.SubmitJob(LaunchTestData.Stage(), Options, ["job-a"]));
        var dependency = Assert.Single(root.GetProperty("dependsOn").EnumerateArray().ToList());
        Assert.Equal("job-a", dependency.GetProperty("jobId").GetString());
    }

    [Fact]
    public void SubmitJob_OneRank_IsPlainJob()
    {
        // AWS Batch refuses array jobs of size 1.
        var root = Parse(AwsBatchLauncher.SubmitJob(LaunchTestData.Stage(worldSize: 1), Options, []));
        Assert.False(root.TryGetProperty("arrayProperties", out _));
    }

    [Fact]
    public void Commands_TwoStages_SecondSubmitDependsOnFirstJobId()
    {
        var lines = AwsBatchLauncher.Commands([("/l/a.def.json", "/l/a.submit.json"), ("/l/b.def.json", "/l/b.submit.json")]);
        Assert.Contains("aws batch register-job-definition --cli-input-json file:///l/a.def.json", lines);
        Assert.Contains("job0=$(aws batch submit-job --cli-input-json file:///l/a.submit.json --query jobId --output text)", lines);
        Assert.Contains("job1=$(aws batch submit-job --cli-input-json file:///l/b.submit.json --depends-on jobId=\"$job0\" --query jobId --output text)", lines);
    }
}
