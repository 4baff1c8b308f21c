using Sluice.Testing;
using Sluice.Cli.Scripting;

namespace Sluice.Cli.Tests.Examples;

/// <summary>Every example script users copy must compile and declare a valid pipeline (declaring does no I/O).</summary>
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
    public async Task LoadAsync_ExampleScript_ReturnsValidatedPipeline(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        var globals = new ScriptGlobals(new Dictionary<string, string>(), Path.Combine(Path.GetTempPath(), "sluice-example-" + Guid.NewGuid().ToString("N")), path);

        var pipeline = await ScriptHost.LoadAsync(path, globals);

        Assert.NotEmpty(pipeline.Sources);
        Assert.NotEmpty(pipeline.Sinks);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", pipeline.Name);
    }

}
