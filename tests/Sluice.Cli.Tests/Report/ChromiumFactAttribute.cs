namespace Sluice.Cli.Tests.Report;

/// <summary>
/// A fact that needs Debian's chromium at <see cref="Path"/>; skipped, saying how to install it, when it is missing.
/// <c>make test</c> installs it first (<c>make services</c> runs <c>scripts/services/chromium-up.sh</c>), so in CI it runs.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
            Skip = $"no browser at {Path}: run 'make services' (or 'bash scripts/services/chromium-up.sh') to install Debian's chromium";
    }
}
