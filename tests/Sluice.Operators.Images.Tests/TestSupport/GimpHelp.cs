using Sluice.Testing;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>Debian's gimp-help-en HTML pages and images (GFDL), fetched once by <c>scripts/fetch-gimp-help.sh</c>.</summary>
internal static class GimpHelp
{
    private static readonly Lazy<string> Path_ = new(() =>
    {
        ChildProcess.RunAsync("bash", [RepoPaths.Of("scripts", "fetch-gimp-help.sh")], TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        return Path.Combine(Environment.GetEnvironmentVariable("SLUICE_GIMP_HELP_DIR") ?? RepoPaths.Of(".services", "gimp-help"), "en");
    });

    /// <summary>The English help folder (pages and images).</summary>
    public static string Folder() => Path_.Value;
}
