using Sluice.Cli.Tests.Commands;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Examples;

/// <summary>Examples that read bundled data plan on their defaults in a fresh checkout, with no services.</summary>
public sealed class ExamplePlanTests
{
    [Fact]
    public async Task Plan_AltogetherDefaults_PlansTheThreeBundledPages()
    {
        var script = Path.Combine(RepoPaths.Root, "examples", "altogether.csx");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script);

        Assert.True(exit == 0, stderr);
        Assert.Contains("units: 3", stdout);
        Assert.Contains("examples/data/altogether/script-fu-add-bevel.html", stdout);
    }

    [Fact]
    public async Task Plan_DramaAugmentDefaults_PlansItsDatastoreStageOnTheBundledAbstracts()
    {
        var script = Path.Combine(RepoPaths.Root, "examples", "drama-augment.csx");

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script);

        Assert.True(exit == 0, stderr);
        Assert.Contains("stage datastore:", stdout);
        Assert.Contains("examples/data/scifact-abstracts.jsonl", stdout);
        Assert.Contains("stage augment:", stdout);
    }

    [Fact]
    public async Task Run_AltogetherWithNoModelServer_ExitsOneSayingHowToStartOne()
    {
        var script = Path.Combine(RepoPaths.Root, "examples", "altogether.csx");
        var output = Path.Combine(Path.GetTempPath(), "sluice-altogether-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Port 9 (discard) has no listener on a test machine: the connection is refused.
            var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", script, "--output", output, "--vlm-url", "http://127.0.0.1:9/v1");

            Assert.Equal(1, exit);
            Assert.Contains("has not answered once", stdout + stderr);
            Assert.Contains("vllm serve", stdout + stderr);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
