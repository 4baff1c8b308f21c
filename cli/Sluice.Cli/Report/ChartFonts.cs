namespace Sluice.Cli.Report;

/// <summary>
/// Gives ScottPlot a font. The SkiaSharp native asset Sluice ships (NoDependencies) has no fontconfig, so a font asked
/// for by family name is not found and charts would draw no text; a TrueType file is registered by path instead.
/// </summary>
internal static class ChartFonts
{
    private const string Family = "Sluice Sans";

    // Regular and bold faces of fonts Debian and most Linux distributions install (fonts-dejavu-core comes with
    // chromium, fontconfig and most desktops; Liberation with LibreOffice and many container images).
    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf", "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf"),
    ];

    private static readonly Lazy<string?> Registered = new(Register);

    /// <summary>
    /// The font file charts draw with, registered once as ScottPlot's default; null when none of the known fonts is
    /// installed (charts then have no text, and the page says so). <c>SLUICE_REPORT_FONT</c> names another TrueType file.
    /// </summary>
    public static string? Font => Registered.Value;

    private static string? Register()
    {
        var chosen = Environment.GetEnvironmentVariable("SLUICE_REPORT_FONT") is { Length: > 0 } custom && File.Exists(custom)
            ? (Regular: custom, Bold: custom)
            : Candidates.FirstOrDefault(c => File.Exists(c.Regular));
        if (chosen.Regular is null) return null;
        ScottPlot.Fonts.AddFontFile(Family, chosen.Regular, bold: false, italic: false);
        // Titles and axis labels are bold: without a bold face registered they would not be drawn at all.
        ScottPlot.Fonts.AddFontFile(Family, File.Exists(chosen.Bold) ? chosen.Bold : chosen.Regular, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
        return chosen.Regular;
    }
}
