using Sluice.Testing;
using Sluice.Cli.Scripting;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Cli.Tests.Examples;

/// <summary>
/// Every example script users copy must compile and declare a valid pipeline or workflow (declaring does no I/O; a
/// workflow's stages are built only when they run, so only their names and kinds are checked here).
/// </summary>
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples"), "*.csx", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(RepoPaths.Root, path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task LoadAsync_ExampleScript_ReturnsValidatedPipelineOrWorkflow(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        var globals = new ScriptGlobals(new Dictionary<string, string>(), Path.Combine(Path.GetTempPath(), "sluice-example-" + Guid.NewGuid().ToString("N")), path);

        var declared = await ScriptHost.LoadAsync(path, globals);

        if (declared is Workflow workflow)
        {
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", workflow.Name);
            Assert.NotEmpty(workflow.Stages);
            Assert.Contains(workflow.Stages, s => s.Kind == WorkflowStageKind.Pipeline);
            return;
        }
        var pipeline = Assert.IsType<Pipeline>(declared);
        Assert.NotEmpty(pipeline.Sources);
        Assert.NotEmpty(pipeline.Sinks);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", pipeline.Name);
    }

}
