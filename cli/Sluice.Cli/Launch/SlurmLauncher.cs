using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.Cli.Launch;

/// <summary>
/// Slurm job arrays for a <see cref="LaunchPlan"/>: one sbatch script per stage whose task
/// <c>$SLURM_ARRAY_TASK_ID</c> runs that rank, chained with <c>--dependency=afterok:JOBID</c>.
/// </summary>
internal static class SlurmLauncher
{
    /// <summary>The variable that holds a task's rank inside a job array.</summary>
    public const string RankVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>Runs a command line, with <paramref name="environment"/> added to this process's, and returns its exit code, stdout and stderr.</summary>
    public delegate Task<(int ExitCode, string Stdout, string Stderr)> CommandRunner(IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> environment, CancellationToken ct);

    /// <summary>The sbatch script of one stage.</summary>
    /// <exception cref="ArgumentException">An extra option would override one Sluice sets (<c>--array</c>).</exception>
    public static string RenderScript(LaunchPlan plan, LaunchStage stage, SlurmOptions options)
    {
        foreach (var extra in options.ExtraOptions)
        {
            if (!extra.StartsWith('-')) throw new ArgumentException($"sbatch option '{extra}' does not start with '-'");
            if (extra is "-a" || extra.StartsWith("--array", StringComparison.Ordinal))
                throw new ArgumentException("--array is set by sluice launch from --world-size; leave it out of --sbatch");
        }
        var last = stage.WorldSize - 1;
        var array = options.MaxParallel is { } k ? $"0-{last}%{k}" : $"0-{last}";
        var logs = options.LogDirectory.TrimEnd('/');
        var file = plan.FileStem(stage);
        var command = ShellQuoting.Join(options.Sluice) + " " + string.Join(' ', stage.RunArguments("\0").Select(a => a == "\0" ? $"\"${RankVariable}\"" : ShellQuoting.Quote(a)));

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# sluice launch slurm: {(plan.Stages.Count == 1 ? plan.Name : $"stage {stage.Name} of {plan.Name}")}, run {stage.RunUri}, {stage.WorldSize} ranks.\n");
        s.Append("# Task i runs rank i. A task that is stopped (time limit, preemption) commits its finished units; when it\n");
        s.Append("# starts again it resumes the run, skipping committed units.\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={ShellQuoting.Quote("sluice-" + stage.Name)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={array}\n");
        s.Append("#SBATCH --ntasks=1\n");
        s.Append("#SBATCH --requeue\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --signal=B:TERM@{options.SignalSeconds}\n");
        s.Append("#SBATCH --open-mode=append\n");
        if (options.WorkingDirectory is { } chdir) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={ShellQuoting.Quote(chdir)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={ShellQuoting.Quote($"{logs}/{file}-%A_%a.out")}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --error={ShellQuoting.Quote($"{logs}/{file}-%A_%a.err")}\n");
        foreach (var extra in options.ExtraOptions) s.Append(CultureInfo.InvariantCulture, $"#SBATCH {extra}\n");
        s.Append("set -uo pipefail\n");
        s.Append(CultureInfo.InvariantCulture, $"export SLUICE_WORLD_SIZE={stage.WorldSize}\n");
        // Secret parameters reach the task through the environment sbatch exports, never through this file.
        foreach (var (parameter, variable) in stage.SecretVariables)
            s.Append(CultureInfo.InvariantCulture, $": \"${{{variable}:?--{parameter} is passed in the environment: set {variable} where sbatch runs (and keep --export=ALL)}}\"\n");
        s.Append("\n");
        // Sluice runs in the background so this shell (the one --signal=B: reaches) can pass SIGTERM on.
        s.Append(command).Append(" &\n");
        s.Append("""
            sluice_pid=$!
            trap 'kill -TERM "$sluice_pid" 2>/dev/null' TERM
            status=0
            wait "$sluice_pid" || status=$?
            # A trapped signal interrupts wait (status > 128) while Sluice is still committing; wait for its own status.
            while [ "$status" -gt 128 ] && kill -0 "$sluice_pid" 2>/dev/null; do
              status=0
              wait "$sluice_pid" || status=$?
            done
            """);
        s.Append('\n');
        s.Append(CultureInfo.InvariantCulture, $$"""
            # Stopped by the time-limit signal while still RUNNING (not cancelled, not preempted: Slurm requeues those
            # itself): requeue this task so the next attempt resumes.
            if { [ "$status" -eq 130 ] || [ "$status" -eq 143 ]; } && [ "${SLURM_RESTART_COUNT:-0}" -lt {{options.MaxRequeues}} ]; then
              task="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
              if [ "$(squeue -h -j "$task" -o %T 2>/dev/null)" = RUNNING ]; then
                echo "sluice: rank $SLURM_ARRAY_TASK_ID stopped before finishing; requeueing $task" >&2
                scontrol requeue "$task"
              fi
            fi
            exit "$status"
            """);
        s.Append('\n');
        return s.ToString();
    }

    /// <summary>The sbatch command that submits a stage's script, after the job it depends on when given.</summary>
    public static IReadOnlyList<string> SubmitCommand(string scriptPath, string? afterJobId)
    {
        var argv = new List<string> { "sbatch", "--parsable" };
        if (afterJobId is not null) argv.Add($"--dependency=afterok:{afterJobId}");
        argv.Add(scriptPath);
        return argv;
    }

    /// <summary>
    /// Submits the stages' scripts in order, each depending on the previous job, and returns the job ids. sbatch runs
    /// with <paramref name="environment"/> added (the secret parameters), which it exports to the tasks.
    /// </summary>
    /// <exception cref="InvalidOperationException">sbatch failed or printed no job id.</exception>
    public static async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<string> scriptPaths, CommandRunner run,
        IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var path in scriptPaths)
        {
            var argv = SubmitCommand(path, ids.LastOrDefault());
            var (code, stdout, stderr) = await run(argv, environment, ct);
            // --parsable prints "JOBID" or "JOBID;CLUSTER".
            var id = stdout.Trim().Split(';')[0];
            if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
                throw new InvalidOperationException($"{ShellQuoting.Join(argv)} failed (exit {code}): {(stderr + stdout).Trim()}");
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>Runs a program without a shell, with <paramref name="environment"/> added, and captures its output.</summary>
    /// <exception cref="InvalidOperationException">The program cannot be started (not installed).</exception>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {argv[0]} ({e.Message}): is Slurm installed here?", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
