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
}
