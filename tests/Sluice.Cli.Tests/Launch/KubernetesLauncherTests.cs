using Sluice.Cli.Launch;
using YamlDotNet.RepresentationModel;

namespace Sluice.Cli.Tests.Launch;

public class KubernetesLauncherTests
{
    private static readonly ContainerOptions Options = new() { Image = "registry.example/sluice:1", Vcpus = 2, MemoryMiB = 8192 };

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void IndexedJob_Spec_CompletionsAndParallelismAreWorldSize()
    {
        var job = Parse(KubernetesLauncher.IndexedJob(LaunchTestData.Stage(worldSize: 6, run: "s3://b/runs/wc"), Options));
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        Assert.Equal("Indexed", Scalar(job, "spec", "completionMode"));
        Assert.Equal("6", Scalar(job, "spec", "completions"));
        Assert.Equal("6", Scalar(job, "spec", "parallelism"));
        Assert.Equal("Never", Scalar(job, "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void IndexedJob_Parallelism_OverridesWorldSize()
    {
        var job = Parse(KubernetesLauncher.IndexedJob(LaunchTestData.Stage(worldSize: 6), Options with { Parallelism = 2 }));
        Assert.Equal("6", Scalar(job, "spec", "completions"));
        Assert.Equal("2", Scalar(job, "spec", "parallelism"));
    }

    [Fact]
    public void IndexedJob_Container_CommandAndWorldSizeEnvironment()
    {
        var job = Parse(KubernetesLauncher.IndexedJob(LaunchTestData.Stage(worldSize: 6, run: "s3://b/runs/wc"), Options));
        var container = (YamlMappingNode)Assert.Single((YamlSequenceNode)At(job, "spec", "template", "spec", "containers"));
        Assert.Equal("registry.example/sluice:1", Scalar(container, "image"));
        Assert.Equal(
            ["sluice", "run", "/repo/examples/word-count.csx", "--run", "s3://b/runs/wc", "--world-size", "6",
             "--output", "/out/word count", "--min-words", "60", "--strict"],
            ((YamlSequenceNode)At(container, "command")).Select(n => ((YamlScalarNode)n).Value));
        var env = ((YamlSequenceNode)At(container, "env")).Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => At(e, "value"));
        var worldSize = (YamlScalarNode)env["SLUICE_WORLD_SIZE"];
        Assert.Equal("6", worldSize.Value);
        // A Kubernetes env value must be a string: "6", not the number 6.
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, worldSize.Style);
        Assert.Equal("8192Mi", Scalar(container, "resources", "requests", "memory"));
    }

    [Fact]
    public void JobName_IsDnsLabel_AndDiffersPerRun()
    {
        var a = KubernetesLauncher.JobName(LaunchTestData.Stage(run: "s3://b/runs/a", name: "My_Pipeline.v2"));
        var b = KubernetesLauncher.JobName(LaunchTestData.Stage(run: "s3://b/runs/b", name: "My_Pipeline.v2"));
        Assert.Matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", a);
        Assert.StartsWith("sluice-my-pipeline-v2-", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Commands_TwoStages_WaitForFirstBeforeApplyingSecond()
    {
        var first = LaunchTestData.Stage(name: "a");
        var lines = KubernetesLauncher.Commands([(first, "/l/a.job.yaml"), (LaunchTestData.Stage(name: "b"), "/l/b.job.yaml")], "batch");
        Assert.Equal(
            ["kubectl apply -n batch -f /l/a.job.yaml",
             $"kubectl wait -n batch --for=condition=complete --timeout=-1s job/{KubernetesLauncher.JobName(first)}",
             "kubectl apply -n batch -f /l/b.job.yaml"],
            lines);
    }
}
