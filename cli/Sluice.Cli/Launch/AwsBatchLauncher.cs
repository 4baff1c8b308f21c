using System.Globalization;
using System.Text.Json.Nodes;

namespace Sluice.Cli.Launch;

/// <summary>
/// AWS Batch array jobs for a <see cref="LaunchPlan"/>, as the request bodies of <c>RegisterJobDefinition</c> and
/// <c>SubmitJob</c> (for <c>aws batch … --cli-input-json</c>). A child job reads its rank from
/// <c>AWS_BATCH_JOB_ARRAY_INDEX</c> and the world size from <c>SLUICE_WORLD_SIZE</c>.
/// </summary>
internal static class AwsBatchLauncher
{
    /// <summary>The Systems Manager parameter that holds secret script parameter <paramref name="parameter"/>.</summary>
    public static string SecretParameterName(ContainerOptions options, string parameter) => $"/{options.SecretSource}/{parameter}";

    /// <summary>The job definition name of a stage.</summary>
    public static string DefinitionName(LaunchStage stage) => "sluice-" + stage.Name;

    /// <summary>The <c>RegisterJobDefinition</c> request of a stage.</summary>
    public static JsonObject JobDefinition(LaunchStage stage, ContainerOptions options)
    {
        var command = new JsonArray { "sluice" };
        foreach (var arg in stage.RunArguments(rank: null)) command.Add(arg);
        var definition = new JsonObject
        {
            ["jobDefinitionName"] = DefinitionName(stage),
            ["type"] = "container",
            ["containerProperties"] = new JsonObject
            {
                ["image"] = options.Image,
                ["command"] = command,
                ["environment"] = new JsonArray
                {
                    new JsonObject { ["name"] = "SLUICE_WORLD_SIZE", ["value"] = stage.WorldSize.ToString(CultureInfo.InvariantCulture) },
                    new JsonObject { ["name"] = "SLUICE_RUN", ["value"] = stage.RunUri },
                },
                ["resourceRequirements"] = new JsonArray
                {
                    new JsonObject { ["type"] = "VCPU", ["value"] = options.Vcpus.ToString(CultureInfo.InvariantCulture) },
                    new JsonObject { ["type"] = "MEMORY", ["value"] = options.MemoryMiB.ToString(CultureInfo.InvariantCulture) },
                },
            },
            // Retry when the host went away (Spot reclaim, instance failure): the new attempt resumes the run.
            // A failure of Sluice itself (bad data under the Stop policy, a bug) ends the task.
            ["retryStrategy"] = new JsonObject
            {
                ["attempts"] = options.Attempts,
                ["evaluateOnExit"] = new JsonArray
                {
                    new JsonObject { ["onStatusReason"] = "Host EC2*", ["action"] = "RETRY" },
                    new JsonObject { ["onReason"] = "CannotPullContainerError*", ["action"] = "RETRY" },
                    new JsonObject { ["onExitCode"] = "130", ["action"] = "RETRY" },
                    new JsonObject { ["onReason"] = "*", ["action"] = "EXIT" },
                },
            },
            ["tags"] = new JsonObject { ["sluice:launch"] = stage.Name },
        };
        // Secret parameters come from Systems Manager parameters, never from this file.
        if (stage.SecretVariables.Count > 0)
            definition["containerProperties"]!["secrets"] = new JsonArray(stage.SecretVariables
                .Select(s => (JsonNode)new JsonObject { ["name"] = s.Variable, ["valueFrom"] = SecretParameterName(options, s.Parameter) }).ToArray());
        return definition;
    }

    /// <summary>
    /// The <c>SubmitJob</c> request of a stage: an array job of <see cref="LaunchStage.WorldSize"/> children, after
    /// <paramref name="dependsOnJobIds"/> (the previous stage's job) when any.
    /// </summary>
    public static JsonObject SubmitJob(LaunchStage stage, ContainerOptions options, IReadOnlyList<string> dependsOnJobIds)
    {
        var request = new JsonObject
        {
            ["jobName"] = "sluice-" + stage.Name,
            ["jobQueue"] = options.JobQueue,
            ["jobDefinition"] = DefinitionName(stage),
        };
        // AWS Batch refuses arrayProperties.size below 2; one rank is a plain job.
        if (stage.WorldSize > 1) request["arrayProperties"] = new JsonObject { ["size"] = stage.WorldSize };
        if (dependsOnJobIds.Count > 0)
        {
            var deps = new JsonArray();
            foreach (var id in dependsOnJobIds) deps.Add(new JsonObject { ["jobId"] = id });
            request["dependsOn"] = deps;
        }
        return request;
    }

    /// <summary>The shell variable a printed submit command stores stage <paramref name="index"/>'s job id in.</summary>
    public static string JobVariable(int index) => $"job{index}";

    /// <summary>
    /// The shell commands that register and submit every stage: each submit after the first passes the previous
    /// job id (<c>--depends-on jobId=$jobN</c>), which the CLI adds to the request read from the file.
    /// </summary>
    public static IReadOnlyList<string> Commands(IReadOnlyList<(string Definition, string Submit)> files)
    {
        var lines = new List<string>();
        foreach (var (definition, _) in files)
            lines.Add($"aws batch register-job-definition --cli-input-json {ShellQuoting.Quote("file://" + definition)}");
        for (var i = 0; i < files.Count; i++)
        {
            var depends = i == 0 ? "" : $" --depends-on jobId=\"${JobVariable(i - 1)}\"";
            lines.Add($"{JobVariable(i)}=$(aws batch submit-job --cli-input-json {ShellQuoting.Quote("file://" + files[i].Submit)}{depends} --query jobId --output text)");
        }
        lines.Add($"echo \"submitted ${JobVariable(files.Count - 1)}\"");
        return lines;
    }
}
