using System.Diagnostics;
using System.Text;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>A <c>build/bin/sluice run</c> child process of the test script, with its output captured.</summary>
public sealed class SluiceRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();

    private SluiceRun(Process process, string label)
    {
        _process = process;
        Label = label;
    }

    public string Label { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts <c>sluice run SCRIPT ARGS</c> with <paramref name="env"/> added to (or replacing in) the environment.</summary>
    public static SluiceRun Start(ExactlyOnceFixture fx, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        string? script = null, string label = "sluice")
    {
        var psi = new ProcessStartInfo(fx.Sluice)
        {
            WorkingDirectory = fx.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add(script ?? fx.Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in fx.S3Env) psi.Environment[k] = v;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var run = new SluiceRun(process, label);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (run._stdout) run._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (run._stderr) run._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>, default 2 minutes).</summary>
    public static async Task<SluiceRun> RunAsync(ExactlyOnceFixture fx, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        string? script = null, TimeSpan? timeout = null)
    {
        var run = Start(fx, args, env, script);
        await run.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return run;
    }

    /// <summary>Waits for the exit (and the end of its output); kills it and throws after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Label} did not finish in {timeout}:\n{Describe()}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: a crash.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { /* already gone */ }
    }

    /// <summary>SIGTERM: a graceful stop (finished units are committed).</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public string Describe() => $"{Label} (pid {Pid}) exit {(HasExited ? ExitCode.ToString() : "running")}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
