using System.Diagnostics;

namespace Sluice.Storage.Tests.Formats;

/// <summary>Runs node scripts of <c>tests/interop</c> (npm <c>apache-arrow</c>, the independent Arrow reader), installing
/// its packages once.</summary>
internal static class NodeInterop
{
    /// <summary>The <c>tests/interop</c> folder, with <c>node_modules</c> installed; null (and a SKIPPED line on the console)
    /// when node is not on PATH.</summary>
    public static string? Ready(string test)
    {
        if (!CanRun("node", "--version"))
        {
            // xunit 2 has no dynamic skip: say so on the console and pass; CI images carry node.
            Console.WriteLine($"SKIPPED {test}: node is not on PATH");
            return null;
        }
        var dir = Folder();
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "apache-arrow")))
            Assert.Equal(0, Run("npm", "ci --no-audit --no-fund", dir).Code);
        return dir;
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="dir"/>: the exit code and
    /// stdout (with stderr when it failed).</summary>
    public static (int Code, string Output) Run(string file, string args, string dir)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? stdout : stdout + stderr.Result);
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/interop not found above " + AppContext.BaseDirectory);
    }

    private static bool CanRun(string file, string args)
    {
        try
        {
            return Run(file, args, ".").Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
