using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Serialization;

namespace Sluice.Cli.Launch;

/// <summary>
/// Kubernetes Indexed Jobs for a <see cref="LaunchPlan"/>: <c>completionMode: Indexed</c> with one completion per
/// rank; a pod reads its rank from <c>JOB_COMPLETION_INDEX</c> (set by Kubernetes) and the world size from
/// <c>SLUICE_WORLD_SIZE</c>.
/// </summary>
internal static class KubernetesLauncher
{
    /// <summary>
    /// The Job name of a stage: <c>sluice-STAGE-HASH</c>, where HASH is short and derived from the run URI so that
    /// launches of different runs do not collide, and a relaunch of the same run names the same Job.
    /// </summary>
    public static string JobName(LaunchStage stage)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stage.RunUri)))[..6];
        return LaunchPlan.Kebab("sluice-" + LaunchPlan.Kebab(stage.Name, 48)) + "-" + hash;
    }

    /// <summary>The Job manifest of a stage, as YAML.</summary>
    public static string IndexedJob(LaunchStage stage, ContainerOptions options)
    {
        var world = stage.WorldSize.ToString(CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, object>
        {
            ["name"] = JobName(stage),
            ["labels"] = new Dictionary<string, object> { ["app.kubernetes.io/name"] = "sluice", ["sluice/stage"] = LaunchPlan.Kebab(stage.Name) },
            ["annotations"] = new Dictionary<string, object> { ["sluice/run"] = stage.RunUri },
        };
        if (options.Namespace is { } ns) metadata["namespace"] = ns;
        var container = new Dictionary<string, object>
        {
            ["name"] = "sluice",
            ["image"] = options.Image,
            ["command"] = new List<string> { "sluice" }.Concat(stage.RunArguments(rank: null)).ToList(),
            ["env"] = new List<object>
            {
                new Dictionary<string, object> { ["name"] = "SLUICE_WORLD_SIZE", ["value"] = world },
                new Dictionary<string, object> { ["name"] = "SLUICE_RUN", ["value"] = stage.RunUri },
            }.Concat(stage.SecretVariables.Select(SecretVariable(options))).ToList(),
            ["resources"] = new Dictionary<string, object>
            {
                ["requests"] = new Dictionary<string, object>
                {
                    ["cpu"] = options.Vcpus.ToString(CultureInfo.InvariantCulture),
                    ["memory"] = $"{options.MemoryMiB}Mi",
                },
                ["limits"] = new Dictionary<string, object> { ["memory"] = $"{options.MemoryMiB}Mi" },
            },
        };
        var job = new Dictionary<string, object>
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = metadata,
            ["spec"] = new Dictionary<string, object>
            {
                ["completionMode"] = "Indexed",
                ["completions"] = stage.WorldSize,
                ["parallelism"] = options.Parallelism ?? stage.WorldSize,
                // Per index, so one rank's retries (a node drained, a pod evicted: the rank resumes) do not use up
                // another's; Kubernetes 1.29 and later.
                ["backoffLimitPerIndex"] = Math.Max(0, options.Attempts - 1),
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = new Dictionary<string, object> { ["app.kubernetes.io/name"] = "sluice" } },
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["restartPolicy"] = "Never",
                        // Time for a stopped rank to commit the units it has finished (SIGTERM, then SIGKILL).
                        ["terminationGracePeriodSeconds"] = 60,
                        ["containers"] = new List<object> { container },
                    },
                },
            },
        };
        return Serializer.Serialize(job);
    }

    // Secret parameters come from a Kubernetes Secret, never from the manifest.
    private static Func<(string Parameter, string Variable), object> SecretVariable(ContainerOptions options) => s =>
        new Dictionary<string, object>
        {
            ["name"] = s.Variable,
            ["valueFrom"] = new Dictionary<string, object>
            {
                ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = options.SecretSource, ["key"] = s.Parameter },
            },
        };

    /// <summary>The shell commands that apply the stages' manifests in order, each after the previous Job completed.</summary>
    public static IReadOnlyList<string> Commands(IReadOnlyList<(LaunchStage Stage, string File)> files, string? ns)
    {
        var nsArg = ns is null ? "" : " -n " + ShellQuoting.Quote(ns);
        var lines = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            if (i > 0)
                lines.Add($"kubectl wait{nsArg} --for=condition=complete --timeout=-1s job/{JobName(files[i - 1].Stage)}");
            lines.Add($"kubectl apply{nsArg} -f {ShellQuoting.Quote(files[i].File)}");
        }
        return lines;
    }

    // Strings that YAML would read as numbers, booleans or null ("4", "true") are quoted.
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
}
