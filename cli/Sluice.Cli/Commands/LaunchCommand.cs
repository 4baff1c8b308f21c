using System.Text.Json;
using Sluice.Cli.Launch;
using Sluice.Cli.Scripting;
using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice launch slurm|aws-batch|k8s SCRIPT --world-size N --run RUN_URI …</c>: writes the batch system's job
/// files for a run of <c>N</c> ranks and, for Slurm, submits them with sbatch: one job array for a pipeline script, one
/// per stage for a workflow (a step's has one task), each after the one before. AWS Batch and Kubernetes files are
/// written with the commands that submit them; nothing calls those services.
/// </summary>
internal static class LaunchCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, TextWriter err, CancellationToken ct) =>
        await RunAsync(LaunchArguments.From(args), @out, err, SlurmLauncher.RunProcessAsync, ct);

    /// <summary>Runs a parsed launch; <paramref name="run"/> runs sbatch (tests pass a fake).</summary>
    public static async Task<int> RunAsync(LaunchArguments args, TextWriter @out, TextWriter err, SlurmLauncher.CommandRunner run, CancellationToken ct)
    {
        var worldSize = args.GetInt("world-size", 1) ?? throw new UsageException("--world-size N is required: the number of ranks (batch tasks)");
        var runUri = args.Get("run") ?? throw new UsageException("--run RUN_URI is required: the run folder the ranks commit to (a path or s3://bucket/prefix)");
        var name = LaunchPlan.Kebab(Path.GetFileNameWithoutExtension(args.Script));
        return args.Backend switch
        {
            "slurm" => await SlurmAsync(args, name, worldSize, runUri, @out, run, ct),
            "aws-batch" => await AwsBatchAsync(args, name, worldSize, runUri, @out, ct),
            "k8s" or "kubernetes" => await KubernetesAsync(args, name, worldSize, runUri, @out, err, ct),
            _ => throw new UsageException($"unknown launcher '{args.Backend}': use slurm, aws-batch or k8s\n{LaunchArguments.LaunchUsage}"),
        };
    }

    private static async Task<int> SlurmAsync(LaunchArguments args, string name, int worldSize, string runUri, TextWriter @out,
        SlurmLauncher.CommandRunner run, CancellationToken ct)
    {
        var script = Path.GetFullPath(args.Script);
        if (!File.Exists(script)) throw new UsageException($"script {args.Script} not found");
        // Tasks start in other processes, maybe on other machines: give them absolute local paths.
        var run0 = ObjectStores.IsS3(runUri) ? runUri : Path.GetFullPath(ObjectStores.LocalPath(runUri));
        var plan = await PlanAsync(args, name, script, run0, worldSize, ct);
        var folder = LaunchFolder(args, name, run0);
        var options = new SlurmOptions
        {
            Sluice = args.Get("sluice") is { } s ? [Path.GetFullPath(s)] : FindSluice(),
            LogDirectory = Path.Combine(folder, "logs"),
            WorkingDirectory = Directory.GetCurrentDirectory(),
            ExtraOptions = args.Get("sbatch") is { } extra ? ShellQuoting.Split(extra) : [],
            MaxParallel = args.GetInt("max-parallel", 1),
            SignalSeconds = args.GetInt("signal-seconds", 1) ?? 60,
            MaxRequeues = args.GetInt("max-requeues", 0) ?? 3,
        };
        Directory.CreateDirectory(options.LogDirectory);
        var paths = new List<string>();
        foreach (var stage in plan.Stages)
        {
            var path = Path.Combine(folder, plan.FileStem(stage) + ".sbatch");
            await File.WriteAllTextAsync(path, SlurmLauncher.RenderScript(plan, stage, options), ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            paths.Add(path);
            @out.WriteLine($"wrote {path}");
        }
        if (args.Options.ContainsKey("dry-run"))
        {
            foreach (var (parameter, variable) in plan.Stages[0].SecretVariables)
                @out.WriteLine($"--{parameter} is not written to the job files: export {variable} before running sbatch");
            // Later stages depend on a job id known only once the stage before is submitted.
            for (var i = 0; i < paths.Count; i++)
                @out.WriteLine(i == 0 ? ShellQuoting.Join(SlurmLauncher.SubmitCommand(paths[i], null))
                    : $"sbatch --parsable --dependency=afterok:<job id of {plan.Stages[i - 1].Name}> {ShellQuoting.Quote(paths[i])}");
            return 0;
        }
        var secrets = args.Secrets.ToDictionary(s => ScriptGlobals.EnvironmentVariable(s.Key), s => s.Value);
        var ids = await SlurmLauncher.SubmitAsync(paths, run, secrets, ct);
        for (var i = 0; i < ids.Count; i++)
        {
            var stage = plan.Stages[i];
            @out.WriteLine($"submitted job {ids[i]}: stage {stage.Name}, array 0-{stage.WorldSize - 1}{(i > 0 ? $", after job {ids[i - 1]}" : "")}");
        }
        @out.WriteLine($"logs: {options.LogDirectory}; follow with: sluice status {run0}");
        return 0;
    }

    private static async Task<int> AwsBatchAsync(LaunchArguments args, string name, int worldSize, string runUri, TextWriter @out, CancellationToken ct)
    {
        if (!ObjectStores.IsS3(runUri)) throw new UsageException("aws-batch needs --run s3://bucket/prefix: every container commits to the same run folder");
        var options = ContainerOptionsOf(args);
        var plan = await PlanAsync(args, name, args.Script, runUri, worldSize, ct);
        var folder = LaunchFolder(args, name, runUri);
        var files = new List<(string Definition, string Submit)>();
        var json = new JsonSerializerOptions { WriteIndented = true };
        foreach (var stage in plan.Stages)
        {
            var definition = Path.Combine(folder, plan.FilePrefix(stage) + "job-definition.json");
            var submit = Path.Combine(folder, plan.FilePrefix(stage) + "submit-job.json");
            await File.WriteAllTextAsync(definition, AwsBatchLauncher.JobDefinition(stage, options).ToJsonString(json) + "\n", ct);
            // A later stage's dependency is the job id of the one before, known only when that is submitted:
            // the printed command passes it with --depends-on.
            await File.WriteAllTextAsync(submit, AwsBatchLauncher.SubmitJob(stage, options, []).ToJsonString(json) + "\n", ct);
            files.Add((definition, submit));
            @out.WriteLine($"wrote {definition}");
            @out.WriteLine($"wrote {submit}");
        }
        var commands = AwsBatchLauncher.Commands(files);
        foreach (var (parameter, variable) in plan.Stages[0].SecretVariables)
            @out.WriteLine($"--{parameter} is read from Systems Manager; store it once with: aws ssm put-parameter --type SecureString " +
                           $"--name {ShellQuoting.Quote(AwsBatchLauncher.SecretParameterName(options, parameter))} --value \"${variable}\"");
        var script = Path.Combine(folder, "submit.sh");
        await File.WriteAllTextAsync(script, "#!/bin/bash\nset -euo pipefail\n" + string.Join('\n', commands) + "\n", ct);
        @out.WriteLine($"wrote {script}; submit with (or run the script):");
        foreach (var line in commands) @out.WriteLine("  " + line);
        return 0;
    }

    private static async Task<int> KubernetesAsync(LaunchArguments args, string name, int worldSize, string runUri, TextWriter @out,
        TextWriter err, CancellationToken ct)
    {
        var options = ContainerOptionsOf(args) with { Parallelism = args.GetInt("parallelism", 1), Namespace = args.Get("namespace") };
        if (!ObjectStores.IsS3(runUri))
            await err.WriteLineAsync($"sluice: note: --run {runUri} is a local path; every pod must see it at that path (a shared volume)");
        var plan = await PlanAsync(args, name, args.Script, runUri, worldSize, ct);
        var folder = LaunchFolder(args, name, runUri);
        var files = new List<(LaunchStage Stage, string File)>();
        foreach (var stage in plan.Stages)
        {
            var path = Path.Combine(folder, plan.FilePrefix(stage) + "job.yaml");
            await File.WriteAllTextAsync(path, KubernetesLauncher.IndexedJob(stage, options), ct);
            files.Add((stage, path));
            @out.WriteLine($"wrote {path}; submit with:");
        }
        foreach (var (parameter, variable) in plan.Stages[0].SecretVariables)
            @out.WriteLine($"--{parameter} is read from Secret {options.SecretSource}; create it once with: kubectl create secret generic " +
                           $"{ShellQuoting.Quote(options.SecretSource)} --from-literal={ShellQuoting.Quote(parameter)}=\"${variable}\"");
        foreach (var line in KubernetesLauncher.Commands(files, options.Namespace)) @out.WriteLine("  " + line);
        return 0;
    }

    /// <summary>
    /// The job arrays to submit. The script is compiled, with the forwarded parameters, to learn whether it declares
    /// a workflow: then one array per stage (or only <c>--stage</c>), pipeline stages over <paramref name="worldSize"/>
    /// ranks and steps as one task, each running <c>sluice run SCRIPT --stage NAME</c>.
    /// </summary>
    private static async Task<LaunchPlan> PlanAsync(LaunchArguments args, string name, string script, string runUri, int worldSize, CancellationToken ct)
    {
        var only = args.Get("stage");
        var secrets = args.Secrets.Keys.Order(StringComparer.Ordinal).ToArray();
        // The script sees its secrets while it is planned here; the job files only name where tasks read them.
        var secretArgs = args.Secrets.SelectMany(s => new[] { "--" + s.Key, s.Value }).ToArray();
        // A container's script lies in its image and may not exist here: launched as one array, a workflow's ranks
        // still run every stage in order, waiting for each other through the run folder.
        if (!File.Exists(args.Script))
        {
            if (only is not null) throw new UsageException($"--stage {only}: {args.Script} is not here to read its stages");
            return new LaunchPlan(name, [new LaunchStage(name, script, runUri, worldSize, args.Forwarded, null, secrets)]);
        }
        string[] stageArgs = only is null ? [] : ["--stage", only];
        var loaded = await ScriptInvocation.LoadAsync(CliArguments.Parse(["run", args.Script, .. args.Forwarded, .. secretArgs, .. stageArgs]), ct);
        if (loaded.Workflow is not { } workflow) return new LaunchPlan(name, [new LaunchStage(name, script, runUri, worldSize, args.Forwarded, null, secrets)]);
        var stages = workflow.Stages.Where(s => only is null || s.Name == only)
            .Select(s => new LaunchStage(s.Name, script, runUri, s.Kind == WorkflowStageKind.Step ? 1 : worldSize, args.Forwarded, s.Name, secrets))
            .ToArray();
        return new LaunchPlan(workflow.Name, stages);
    }

    private static ContainerOptions ContainerOptionsOf(LaunchArguments args) => new()
    {
        Image = args.Get("image") ?? throw new UsageException($"--image IMAGE is required for {args.Backend}: an image with sluice on its PATH and the script inside"),
        JobQueue = args.Get("job-queue") ?? "sluice",
        Vcpus = args.GetInt("vcpus", 1) ?? 2,
        MemoryMiB = args.GetInt("memory", 1) ?? 8192,
        Attempts = args.GetInt("attempts", 1) ?? 3,
        SecretSource = args.Get("secrets") ?? "sluice-params",
    };

    /// <summary>
    /// Where the job files go: <c>--launch-dir</c>, else <c>RUN/launch/</c> for a local run, else
    /// <c>.sluice/launch/NAME/</c> under the current directory. Created if missing.
    /// </summary>
    private static string LaunchFolder(LaunchArguments args, string name, string runUri)
    {
        var folder = args.Get("launch-dir") is { } dir ? Path.GetFullPath(dir)
            : ObjectStores.IsS3(runUri) ? Path.GetFullPath(Path.Combine(".sluice", "launch", name))
            : Path.Combine(Path.GetFullPath(ObjectStores.LocalPath(runUri)), "launch");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The command that starts this same Sluice on a node: the published executable, else <c>dotnet sluice.dll</c>.</summary>
    private static IReadOnlyList<string> FindSluice()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileName(process) == "sluice") return [process];
        var apphost = Path.Combine(AppContext.BaseDirectory, "sluice");
        if (File.Exists(apphost)) return [apphost];
        var dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return [dotnet, Path.Combine(AppContext.BaseDirectory, "sluice.dll")];
    }
}
