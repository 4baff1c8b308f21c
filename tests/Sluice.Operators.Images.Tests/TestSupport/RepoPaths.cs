using System.Diagnostics;

namespace Sluice.Operators.Images.Tests.TestSupport;

internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }

    private static readonly Lazy<string> s_gimp = new(() =>
    {
        var root = Root();
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "fetch-gimp-help.sh")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"fetch-gimp-help.sh failed: {stderr.Result}");
        return Path.Combine(Environment.GetEnvironmentVariable("SLUICE_GIMP_HELP_DIR") ?? Path.Combine(root, ".services", "gimp-help"), "en");
    });

    /// <summary>The unpacked gimp-help-en pages (fetched by scripts/fetch-gimp-help.sh on first use).</summary>
    public static string GimpHelp() => s_gimp.Value;
}
