using System.Diagnostics;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// Runs <c>build/bin/sluice</c> (or the CLI named by <c>SLUICE_EO_CLI</c>) as a child process in a chosen working
/// directory with extra environment variables, and captures its exit code and output.
/// </summary>
public static class SluiceProcess
{
    public static string Executable => Environment.GetEnvironmentVariable("SLUICE_EO_CLI") is { Length: > 0 } cli ? cli : RepoPaths.Of("build", "bin", "sluice");

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string workingDirectory, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run make build");
        var psi = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
